import { readServiceAddress } from '@min-profil/shared/config';
import { buildWalletApp } from './app.js';
import { readWalletOptions } from './config.js';
import { createWalletContext } from './create-wallet-context.js';
import { collectProcessMetrics } from '@min-profil/shared/metrics/service-metrics';
import { installGracefulShutdown, readShutdownSettings } from '@min-profil/shared/graceful-shutdown';
import { installStartUpErrors } from '@min-profil/shared/start-up-errors';

/** Starts the wallet alone: `npm run start -w wallet`. Configuration: see config.ts / README. */
installStartUpErrors('wallet');
const address = readServiceAddress('wallet');
const ctx = await createWalletContext(readWalletOptions());
collectProcessMetrics(ctx.metrics);
const app = buildWalletApp(ctx);
const server = app.listen(address.port, address.host, (error?: Error) => {
  // Express 5 hands a failed listen (a port in use) to this callback: fail the start.
  if (error) throw error;
  console.log(`Wallet listening on ${ctx.baseUrl}`);
  console.log(`  API description: ${ctx.baseUrl}/api/openapi.json`);
});

installGracefulShutdown({
  server,
  settings: readShutdownSettings(process.env),
  close: () => ctx.close(),
  logger: ctx.logger,
});
