import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { DatabaseKind } from '@min-profil/shared/db';
import {
  createAndFetchRequest,
  createHolderKey,
  createProof,
  fetchNonce,
  obtainCredential,
  present,
  redeemOffer,
  responseForm,
} from './client.js';
import { cpuSeconds, spawnServe, statementsSentByKind, stopServe } from './child-service.js';
import type { BenchResult } from './results.js';
import { buildBenchTrustList, newDeployment, startIssuerInstance, type Deployment } from './services.js';
import { round } from './stats.js';

/**
 * Load on the two hot endpoints with autocannon at a fixed concurrency: the verifier's
 * `direct_post` response endpoint (each request a fresh, valid presentation for its own
 * request, so each is verified in full and its state consumed) and the issuer's credential
 * endpoint (each request a fresh proof on a fresh c_nonce). The server under load runs in its
 * own process pinned to one core; the load generator and PostgreSQL share the other.
 */

export interface Item {
  path: string;
  body: string;
}

/** Runs `make` for indices 0..n-1, `parallel` at a time. */
export async function prepare<T>(n: number, parallel: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await make(i);
      }
    }),
  );
  return out;
}

/** CPU seconds used so far by every PostgreSQL process on this machine, by pid. */
export function postgresCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      out.set(pid, cpuSeconds(Number(pid)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export interface CannonResult {
  /** CPU per request of PostgreSQL and of the load generator's process (autocannon). */
  postgresCpuMsPerRequest?: number;
  postgresStatementsPerRequest?: number;
  postgresStatementsByKind?: Record<string, number>;
  loadGeneratorCpuMsPerRequest?: number;
  /** CPU the server instances used per answered request, and how busy they were. */
  serverCpuMsPerRequest?: number;
  serverBusy?: number;
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
  seconds: number;
}

export async function cannon(o: {
  url: string;
  items: Item[];
  connections: number;
  headers: Record<string, string>;
}): Promise<CannonResult> {
  const queue = [...o.items];
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    amount: o.items.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: o.headers,
        setupRequest: (req: autocannon.Request) => {
          const item = queue.pop()!;
          return { ...req, path: item.path, body: item.body };
        },
      },
    ],
  } as autocannon.Options);
  const seconds = result.duration;
  return {
    rps: result.requests.total / seconds,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
    seconds,
  };
}

export interface LoadOptions {
  kind: DatabaseKind;
  instances: 1 | 2;
  requests: number;
  warmup: number;
  connections: number;
}

/** Verifier `direct_post` under load, on one or two instances sharing one database. */
export async function loadVerifier(o: LoadOptions): Promise<CannonResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const issuerDb = newDeployment(o.kind, 'bench_load_issuer');
  const verifierDb = newDeployment(o.kind, 'bench_load_verifier');
  const issuer = await startIssuerInstance(issuerDb.deployment);
  const trustListFile = join(dir, 'trust-list.json');
  const children: ChildProcess[] = [];
  try {
    const first = await spawnServe(0, {
      role: 'verifier',
      deployment: verifierDb.deployment,
      trustListFile,
      issuerBaseUrl: issuer.url,
    });
    children.push(first.child);
    const urls = [first.url];
    if (o.instances === 2) {
      const second = await spawnServe(1, {
        role: 'verifier',
        deployment: { ...verifierDb.deployment, baseUrl: first.url } satisfies Deployment,
        trustListFile,
        issuerBaseUrl: issuer.url,
      });
      children.push(second.child);
      urls.push(second.url);
    }
    const trustList = await buildBenchTrustList(issuer.url, first.url);
    writeFileSync(trustListFile, JSON.stringify(trustList));
    const issued = await obtainCredential({
      issuerUrl: issuer.url,
      apiKey: issuerDb.deployment.apiKeys.issuer,
      holder: 'af',
      pnr: '191212121212',
      configurationId: 'registration_certificate',
    });
    const apiKey = verifierDb.deployment.apiKeys.insurer;
    const makeItems = (n: number) =>
      prepare(n, 8, async (i): Promise<Item> => {
        const { request } = await createAndFetchRequest({
          verifierUrl: urls[i % urls.length],
          apiKey,
          template: 'unemployment_claim',
          trustList,
        });
        const presentation = await present({ issued, request, queryId: 'registration' });
        return {
          path: new URL(request.response_uri).pathname,
          body: responseForm({ registration: [presentation] }, request.state),
        };
      });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const run = async (items: Item[]) => {
      const share = Math.ceil(items.length / urls.length);
      const parts = await Promise.all(
        urls.map((url, k) =>
          cannon({
            url,
            items: items.slice(k * share, (k + 1) * share),
            connections: o.connections / urls.length,
            headers,
          }),
        ),
      );
      return combine(parts);
    };
    await run(await makeItems(o.warmup)); // warm-up: JIT, status list fetched and cached
    const items = await makeItems(o.requests);
    return await measured(children, () => run(items));
  } finally {
    await Promise.all(children.map(stopServe));
    await issuer.stop();
    await verifierDb.database.cleanup();
    await issuerDb.database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Issuer credential endpoint under load: each request one proof on its own fresh c_nonce. */
export async function loadIssuer(o: Omit<LoadOptions, 'instances'>): Promise<CannonResult> {
  const issuerDb = newDeployment(o.kind, 'bench_load_issuer');
  const { url, child } = await spawnServe(0, { role: 'issuer', deployment: issuerDb.deployment });
  try {
    const accessToken = await redeemOffer({
      issuerUrl: url,
      apiKey: issuerDb.deployment.apiKeys.issuer,
      holder: 'af',
      pnr: '191212121212',
      configurationIds: ['registration_certificate'],
    });
    const key = await createHolderKey();
    const makeItems = (n: number) =>
      prepare(n, 8, async (): Promise<Item> => {
        const nonce = await fetchNonce(url, 'af');
        const proof = await createProof({ key, audience: `${url}/af`, nonce });
        return {
          path: '/af/credential',
          body: JSON.stringify({
            credential_configuration_id: 'registration_certificate',
            proofs: { jwt: [proof] },
          }),
        };
      });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
    await cannon({ url, items: await makeItems(o.warmup), connections: o.connections, headers });
    const items = await makeItems(o.requests);
    return await measured([child], () => cannon({ url, items, connections: o.connections, headers }));
  } finally {
    await stopServe(child);
    await issuerDb.database.cleanup();
  }
}

/** Runs the load and adds how much CPU the server processes spent on it. */
async function measured(servers: ChildProcess[], load: () => Promise<CannonResult>): Promise<CannonResult> {
  const statementsBefore = await Promise.all(servers.map(statementsSentByKind));
  const before = servers.map((c) => cpuSeconds(c.pid));
  const pgBefore = postgresCpu();
  const selfBefore = process.cpuUsage();
  const result = await load();
  const self = process.cpuUsage(selfBefore);
  const used = servers.reduce((sum, c, i) => sum + cpuSeconds(c.pid) - before[i], 0);
  const statementsAfter = await Promise.all(servers.map(statementsSentByKind));
  const statements = statementsAfter.reduce(
    (sum, n, i) => sum + n.statements - statementsBefore[i].statements,
    0,
  );
  const byKind: Record<string, number> = {};
  statementsAfter.forEach((after, i) => {
    for (const [kind, n] of Object.entries(after.byKind)) {
      const added = (n - (statementsBefore[i].byKind[kind] ?? 0)) / result.requests;
      if (added > 0) byKind[kind] = round((byKind[kind] ?? 0) + added, 2);
    }
  });
  let pgUsed = 0;
  for (const [pid, seconds] of postgresCpu()) pgUsed += seconds - (pgBefore.get(pid) ?? 0);
  return {
    ...result,
    postgresCpuMsPerRequest: (pgUsed * 1000) / result.requests,
    postgresStatementsPerRequest: statements / result.requests,
    postgresStatementsByKind: byKind,
    loadGeneratorCpuMsPerRequest: (self.user + self.system) / 1000 / result.requests,
    serverCpuMsPerRequest: (used * 1000) / result.requests,
    serverBusy: used / (result.seconds * servers.length),
  };
}

export function combine(parts: CannonResult[]): CannonResult {
  return {
    rps: parts.reduce((sum, p) => sum + p.rps, 0),
    p99: Math.max(...parts.map((p) => p.p99)),
    non2xx: parts.reduce((sum, p) => sum + p.non2xx, 0),
    errors: parts.reduce((sum, p) => sum + p.errors, 0),
    requests: parts.reduce((sum, p) => sum + p.requests, 0),
    seconds: Math.max(...parts.map((p) => p.seconds)),
  };
}

/** Statements sent to PostgreSQL per request, BEGIN and COMMIT included: its round trips. */
function statementsNote(r: CannonResult, kind: DatabaseKind): string {
  return kind === 'postgres'
    ? `; ${round(r.postgresStatementsPerRequest!, 2)} PostgreSQL statements per request`
    : '';
}

function otherCpu(r: CannonResult, kind: DatabaseKind): Record<string, number | Record<string, number>> {
  return {
    load_generator_cpu_ms_per_request: round(r.loadGeneratorCpuMsPerRequest!, 2),
    ...(kind === 'postgres'
      ? {
          postgres_cpu_ms_per_request: round(r.postgresCpuMsPerRequest!, 2),
          postgres_statements_per_request: round(r.postgresStatementsPerRequest!, 2),
          postgres_statements_by_kind: r.postgresStatementsByKind!,
        }
      : {}),
  };
}

export async function runLoad(o: {
  requests: number;
  warmup: number;
  connections: number;
  kinds: DatabaseKind[];
}): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const check = (what: string, r: CannonResult) => {
    if (r.non2xx > 0 || r.errors > 0)
      throw new Error(`${what}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  };
  const common = { requests: o.requests, warmup: o.warmup, connections: o.connections };
  const oneByKind: Partial<Record<DatabaseKind, CannonResult>> = {};
  for (const kind of o.kinds) {
    const verifier = await loadVerifier({ ...common, kind, instances: 1 });
    check(`load-verifier ${kind}`, verifier);
    oneByKind[kind] = verifier;
    results.push({
      name: 'load-verifier',
      unit: 'req/s',
      value: round(verifier.rps, 0),
      p99: verifier.p99,
      references: {},
      database: kind,
      instances: 1,
      connections: o.connections,
      cpu_ms_per_request: round(verifier.serverCpuMsPerRequest!, 2),
      server_busy: round(verifier.serverBusy!, 2),
      ...otherCpu(verifier, kind),
      note: `direct_post, ${verifier.requests} fresh presentations, ${o.connections} connections, 1 instance on 1 core (busy ${Math.round(verifier.serverBusy! * 100)} %, ${round(verifier.serverCpuMsPerRequest!, 2)} ms CPU per request), ${kind}${statementsNote(verifier, kind)}`,
    });
    const issuer = await loadIssuer({ ...common, kind });
    check(`load-issuer ${kind}`, issuer);
    results.push({
      name: 'load-issuer',
      unit: 'req/s',
      value: round(issuer.rps, 0),
      p99: issuer.p99,
      references: {},
      database: kind,
      instances: 1,
      connections: o.connections,
      cpu_ms_per_request: round(issuer.serverCpuMsPerRequest!, 2),
      server_busy: round(issuer.serverBusy!, 2),
      ...otherCpu(issuer, kind),
      note: `credential endpoint, ${issuer.requests} proofs on fresh c_nonces, ${o.connections} connections, 1 instance on 1 core (busy ${Math.round(issuer.serverBusy! * 100)} %, ${round(issuer.serverCpuMsPerRequest!, 2)} ms CPU per request), ${kind}${statementsNote(issuer, kind)}`,
    });
  }
  if (o.kinds.includes('postgres')) {
    const two = await loadVerifier({ ...common, kind: 'postgres', instances: 2 });
    check('load-verifier postgres ×2', two);
    const one = oneByKind.postgres!;
    results.push({
      name: 'load-verifier',
      unit: 'req/s',
      value: round(two.rps, 0),
      p99: two.p99,
      references: { '1-instance': round(one.rps, 0) },
      database: 'postgres',
      instances: 2,
      connections: o.connections,
      scaling: round(two.rps / one.rps, 2),
      cpu_ms_per_request: round(two.serverCpuMsPerRequest!, 2),
      server_busy: round(two.serverBusy!, 2),
      ...otherCpu(two, 'postgres'),
      note: `2 instances on one PostgreSQL schema, one per core, load split between them: scaling factor ${round(two.rps / one.rps, 2)}×; the instances were busy ${Math.round(two.serverBusy! * 100)} % of their cores (${round(two.serverCpuMsPerRequest!, 2)} ms CPU per request) — on this ${cpus().length}-core machine the second instance shares its core with PostgreSQL and the load generator${statementsNote(two, 'postgres')}`,
    });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kinds = (process.argv[2]?.split(',') ?? ['sqlite', 'postgres']) as DatabaseKind[];
  const requests = Number(process.argv[3] ?? 1500);
  const results = await runLoad({ kinds, requests, warmup: Math.min(200, requests), connections: 16 });
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
