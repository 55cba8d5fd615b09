import type { DatabaseKind } from '@min-profil/shared/db';
import {
  createAndFetchRequest,
  getJson,
  obtainCredential,
  present,
  postResponse,
  responseForm,
  type IssuedCredential,
} from './client.js';
import type { BenchResult } from './results.js';
import {
  buildBenchTrustList,
  mutableTrustList,
  newDeployment,
  startIssuerInstance,
  startVerifierInstance,
} from './services.js';
import { median, percentile, round } from './stats.js';

/**
 * The two stories end to end over HTTP on loopback, every step a real request to the real
 * issuer and verifier (one process, one core): p50 and p99 wall time over `runs` runs.
 */
const tolvan = '191212121212';
const samir = '198806244417';

export async function runFlows(options: {
  kind: DatabaseKind;
  runs: number;
  warmup: number;
}): Promise<BenchResult[]> {
  const issuerDb = newDeployment(options.kind, 'bench_issuer');
  const verifierDb = newDeployment(options.kind, 'bench_verifier');
  const issuer = await startIssuerInstance(issuerDb.deployment);
  const source = mutableTrustList();
  const verifier = await startVerifierInstance(verifierDb.deployment, {
    trustList: source,
    issuerBaseUrl: issuer.url,
  });
  const trustList = await buildBenchTrustList(issuer.url, verifier.url);
  source.set(trustList);
  const apiKeys = verifierDb.deployment.apiKeys;
  const issuerKey = issuerDb.deployment.apiKeys.issuer;

  const credential = (holder: string, pnr: string, configurationId: string) =>
    obtainCredential({ issuerUrl: issuer.url, apiKey: issuerKey, holder, pnr, configurationId });

  async function answer(consumer: string, template: string, issued: Record<string, IssuedCredential>) {
    const { id, request } = await createAndFetchRequest({
      verifierUrl: verifier.url,
      apiKey: apiKeys[consumer],
      template,
      trustList,
    });
    const vpToken: Record<string, string[]> = {};
    for (const [queryId, credential] of Object.entries(issued)) {
      vpToken[queryId] = [await present({ issued: credential, request, queryId })];
    }
    const posted = await postResponse(request.response_uri, responseForm(vpToken, request.state));
    if (posted.status !== 200) throw new Error(`response: ${JSON.stringify(posted.body)}`);
    const result = await getJson(`${verifier.url}/api/presentation-requests/${id}`, {
      authorization: `Bearer ${apiKeys[consumer]}`,
    });
    if (result.body.status !== 'verified') throw new Error(`not verified: ${JSON.stringify(result.body)}`);
  }

  // Story 1: offer → token → nonce → credential → request → presentation → verified.
  const insurer = async () => {
    const registration = await credential('af', tolvan, 'registration_certificate');
    await answer('insurer', 'unemployment_claim', { registration });
  };
  // Story 3: three credentials from their holders in parallel, one presentation of all three.
  const internship = async () => {
    const [residence_permit, work_permit, registered_address] = await Promise.all([
      credential('migrationsverket', samir, 'residence_permit'),
      credential('migrationsverket', samir, 'work_permit'),
      credential('skatteverket', samir, 'registered_address'),
    ]);
    await answer('af-praktik', 'internship', { residence_permit, work_permit, registered_address });
  };

  const timeRuns = async (fn: () => Promise<void>) => {
    for (let i = 0; i < options.warmup; i++) await fn();
    const ms: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const start = process.hrtime.bigint();
      await fn();
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return ms;
  };
  try {
    const results: BenchResult[] = [];
    for (const [name, fn] of [
      ['flow-insurer', insurer],
      ['flow-internship', internship],
    ] as const) {
      const ms = await timeRuns(fn);
      results.push({
        name,
        unit: 'ms',
        value: round(median(ms), 1),
        p99: round(percentile(ms, 99), 1),
        references: {},
        runs: options.runs,
        database: options.kind,
        note: `${options.runs} runs after ${options.warmup} warm-up, issuer + verifier + client in one process on one core, ${options.kind}`,
      });
    }
    return results;
  } finally {
    await verifier.stop();
    await issuer.stop();
    await verifierDb.database.cleanup();
    await issuerDb.database.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kind = (process.argv[2] ?? 'sqlite') as DatabaseKind;
  const runs = Number(process.argv[3] ?? 200);
  const results = await runFlows({ kind, runs, warmup: Math.min(20, runs) });
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
