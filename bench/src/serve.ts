import { readFileSync } from 'node:fs';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import {
  startIssuerInstance,
  startVerifierInstance,
  type Deployment,
  type RunningService,
} from './services.js';

/**
 * One service instance in its own process, for the load benchmark (`run-bench` pins it to a
 * core): `node serve.js '{"role":"verifier","deployment":{…},"trustListFile":"…"}'`. Prints
 * `{"url":…}` once listening; stops on SIGTERM.
 */
interface ServeArgs {
  role: 'issuer' | 'verifier';
  deployment: Omit<Deployment, 'baseUrl'> & { baseUrl?: string };
  trustListFile?: string;
  issuerBaseUrl?: string;
}

const args = JSON.parse(process.argv[2]) as ServeArgs;
let running: RunningService;
if (args.role === 'issuer') {
  running = await startIssuerInstance(args.deployment);
} else {
  let list: TrustList | undefined;
  running = await startVerifierInstance(args.deployment, {
    issuerBaseUrl: args.issuerBaseUrl!,
    // The operator's list, written by the load generator once it knows every URL.
    trustList: {
      get: async () => (list ??= JSON.parse(readFileSync(args.trustListFile!, 'utf8')) as TrustList),
    },
  });
}
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
process.on('SIGTERM', () => {
  void running.stop().finally(() => process.exit(0));
});
