import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describeQuery } from '@min-profil/shared/tracing/trace-queries';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import {
  startIssuerInstance,
  startVerifierInstance,
  startWalletInstance,
  type Deployment,
  type RunningService,
} from './services.js';

/**
 * One service instance in its own process, for the load benchmark (`run-bench` pins it to a
 * core): `node serve.js '{"role":"verifier","deployment":{…},"trustListFile":"…"}'`. Prints
 * `{"url":…}` once listening; stops on SIGTERM.
 */
interface ServeArgs {
  role: 'issuer' | 'verifier' | 'wallet';
  deployment: Omit<Deployment, 'baseUrl'> & { baseUrl?: string; masterKey?: string };
  trustListFile?: string;
  issuerBaseUrl?: string;
  /** The wallet: people to make personal access tokens for (printed with the URL). */
  people?: string[];
}

const args = JSON.parse(process.argv[2]) as ServeArgs;

// Every statement this process sends to PostgreSQL (BEGIN and COMMIT too: each a round trip),
// so the load generator can say how many a request costs; SIGUSR2 prints the count so far.
// `byKind` counts them by first keyword and table (the tracing's description: no values).
let statements = 0;
const byKind: Record<string, number> = {};
const sendQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...queryArgs: unknown[]) {
  statements++;
  const sql = typeof queryArgs[0] === 'string' ? queryArgs[0] : (queryArgs[0] as { text?: string })?.text;
  const { operation, table } = describeQuery(sql ?? '');
  const kind = table ? `${operation} ${table}` : operation;
  byKind[kind] = (byKind[kind] ?? 0) + 1;
  return (sendQuery as (...a: unknown[]) => unknown).apply(this, queryArgs);
} as typeof sendQuery;
process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ statements, byKind })}\n`));
let running: RunningService;
let tokens: Record<string, string> | undefined;
let list: TrustList | undefined;
// The operator's list, written by the load generator once it knows every URL.
const trustList = {
  get: async () => (list ??= JSON.parse(readFileSync(args.trustListFile!, 'utf8')) as TrustList),
};
if (args.role === 'issuer') {
  running = await startIssuerInstance(args.deployment);
} else if (args.role === 'wallet') {
  const wallet = await startWalletInstance(
    { ...args.deployment, masterKey: args.deployment.masterKey! },
    { trustList, people: args.people ?? [] },
  );
  running = wallet;
  tokens = wallet.tokens;
} else {
  running = await startVerifierInstance(args.deployment, { issuerBaseUrl: args.issuerBaseUrl!, trustList });
}
process.stdout.write(`${JSON.stringify({ url: running.url, ...(tokens ? { tokens } : {}) })}\n`);
process.on('SIGTERM', () => {
  void running.stop().finally(() => process.exit(0));
});
