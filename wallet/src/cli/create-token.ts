import { parsePersonalNumber } from '@min-profil/shared/personal-number';
import { createLogger } from '@min-profil/shared/logger';
import { ensureAccount } from '../accounts/accounts.js';
import { readWalletOptions } from '../config.js';
import { createWalletContext } from '../create-wallet-context.js';
import { createPersonalToken } from '../tokens/create-personal-token.js';

/**
 * `npm run wallet:token -- 19121212-1212 [name]`: creates a personal access token for the
 * person's wallet (and the wallet account if it has none yet) and prints the token. Runs on
 * the wallet's host with its configuration (database, master key).
 */
async function main(argv: string[]): Promise<number> {
  const [number, ...nameParts] = argv;
  const parsed = number ? parsePersonalNumber(number) : undefined;
  if (!parsed) {
    process.stderr.write('usage: npm run wallet:token -- <personal or coordination number> [token name]\n');
    return 2;
  }
  const ctx = await createWalletContext({
    ...readWalletOptions(),
    logger: createLogger('wallet-cli', { level: 'silent' }),
  });
  try {
    const account = await ensureAccount(ctx, parsed.normalized);
    const { token } = await createPersonalToken(ctx, account.id, nameParts.join(' ') || 'wallet:token');
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await ctx.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
