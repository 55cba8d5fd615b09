import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign as rawSign,
  type KeyObject,
} from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { exportJWK, SignJWT, type JWK } from 'jose';
import pg from 'pg';
import { openServiceDatabase, type Database, type DatabaseKind } from '@min-profil/shared/db';
import { httpMetrics } from '@min-profil/shared/metrics/http-metrics';
import { metricsRoute } from '@min-profil/shared/metrics/metrics-route';
import { issueSdJwtVc, createDisclosureFrameForAll } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { inProcessSigner } from '@min-profil/shared/signing/in-process-signer';
import { testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { checkDpopProof, freshDpopNonce } from '@min-profil/issuer/dpop/check-dpop-proof';
import { issueDpopNonce } from '@min-profil/issuer/dpop/dpop-nonce';
import type { HolderRuntime, IssuerContext } from '@min-profil/issuer/context';
import { createIssuerMetrics } from '@min-profil/issuer/metrics/issuer-metrics';
import { issuerEntities } from '@min-profil/issuer/persistence/entities';
import { issuerMigrations } from '@min-profil/issuer/persistence/migrations/index';
import { createIssuerStore } from '@min-profil/issuer/persistence/issuer-store';
import type { ConsumerRuntime, VerifierContext } from '@min-profil/verifier/context';
import { demoConsumers } from '@min-profil/verifier/consumers/consumer-config';
import { issueConsentRecord } from '@min-profil/verifier/consent-records/issue-consent-record';
import { createDataSealer } from '@min-profil/verifier/crypto/data-sealer';
import { createVerifierMetrics } from '@min-profil/verifier/metrics/verifier-metrics';
import type { PresentationRequestRow } from '@min-profil/verifier/persistence/entities';
import { decryptResponse } from '@min-profil/verifier/response/decrypt-response';
import {
  createRequestEncryptionKey,
  requestDecryptionKey,
  requestEncryptionJwk,
} from '@min-profil/verifier/response/request-encryption-key';
import { verifyVpToken } from '@min-profil/verifier/verification/verify-vp-token';
import { encryptResponse } from '@min-profil/wallet/presentation/post-to-verifier';
import {
  claims6,
  ISSUER,
  NONCE,
  registrationQuery,
  registrationStatusList,
  registrationTrustList,
  STATUS_URI,
  VCT,
} from './registration-fixture.js';
import type { BenchResult, ResultName } from './results.js';
import { measureSideBySide, median, round } from './stats.js';

/**
 * What each feature of this round adds to a request, in one process, side by side (issue #24):
 * encryption at rest, the DPoP replay store, the per-request encryption key, consent-record
 * signing and the HTTP metrics. Each is the services' own function, measured next to what the
 * request did without it; the request's main step (verifying the presentation for
 * `direct_post`, signing the credential for the credential endpoint) is the reference. The
 * DPoP jti store writes to a real database: PostgreSQL (a database of its own, dropped at the
 * end) and SQLite; its figure is this process's CPU (process.cpuUsage), not the wall time.
 *
 *   node bench/dist/feature-costs.js [sqlite,postgres] [rounds] [roundMs]
 */
const VERIFIER = 'https://verifier.example';
const insurer = demoConsumers.find((c) => c.id === 'insurer')!;
const TEMPLATE = 'unemployment_claim';
const CLIENT_ID = 'decentralized_identifier:did:web:verifier.example:consumers:insurer';
/** What the insurer's template asks for. */
const asked = insurer.templates[TEMPLATE].credentials[0].claims.map((path) => String(path[0]));

/** The features measured: each result is `feature-cost-<feature>`. */
type Suffix<T> = T extends `feature-cost-${infer F}` ? F : never;
type Feature = Suffix<ResultName>;

const es256Pair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const micros = (ops: number) => 1e6 / ops;

/** A verified presentation as the verifier sees it: its checks, claims and the cost of verifying it. */
async function verifiedPresentation(issuerKeys: { privateKey: KeyObject; publicKey: KeyObject }) {
  const holderKeys = es256Pair();
  const now = Math.floor(Date.now() / 1000);
  const signer = { privateKey: issuerKeys.privateKey, kid: 'af-1', alg: 'ES256' as const };
  const holderJwk = await exportJWK(holderKeys.publicKey);
  // The credential endpoint's own step, the reference for its features.
  const issue = () =>
    issueSdJwtVc({
      issuer: ISSUER,
      vct: VCT,
      claims: claims6,
      disclosureFrame: createDisclosureFrameForAll(claims6),
      holderJwk,
      status: { idx: 4711, uri: STATUS_URI },
      issuedAt: Math.floor(Date.now() / 1000),
      expiresAt: now + 86_400 * 90,
      signer,
    });
  const presentation = await presentSdJwtVc({
    compact: await issue(),
    disclose: (path) => asked.includes(String(path[0])),
    keyBinding: {
      nonce: NONCE,
      audience: CLIENT_ID,
      issuedAt: now,
      privateKey: holderKeys.privateKey,
      alg: 'ES256',
    },
  });
  const { statusLists } = await registrationStatusList(signer, now);
  const issuerJwk = { ...(await exportJWK(issuerKeys.publicKey)), kid: 'af-1', alg: 'ES256' } as JWK;
  const trustList = registrationTrustList(issuerJwk);
  const dcqlQuery = registrationQuery(asked);
  const verify = async () => {
    const result = await verifyVpToken({
      vpToken: { registration: [presentation] },
      dcqlQuery,
      trustList,
      expected: {
        nonce: NONCE,
        clientId: CLIENT_ID,
        now: Math.floor(Date.now() / 1000),
        clockSkew: 60,
        keyBindingMaxAge: 300,
        maxPresentationBytes: 64 * 1024,
        maxPresentationsPerQuery: 10,
        allowInsecureUrls: false,
      },
      statusLists,
    });
    if (!result.verified || !result.claims)
      throw new Error(`not verified: ${JSON.stringify(result.checks.at(-1))}`);
    return result;
  };
  const { checks, claims } = await verify();
  return { presentation, checks, claims: claims!, verify, issue };
}

/** An express-like request and response, enough for the metrics middleware and the metrics router. */
function fakeExchange(path: string) {
  const req = {
    method: 'POST',
    url: path,
    originalUrl: path,
    baseUrl: '',
    headers: {},
    get: () => undefined,
  };
  const res = Object.assign(new EventEmitter(), { statusCode: 200 });
  return {
    req: req as unknown as Request & { route?: { path: string } },
    res: res as unknown as Response,
  };
}

/**
 * The process's CPU time (user + system, all threads: the SQLite driver works on libuv's pool)
 * and wall time per call of each function, round-robin as measureSideBySide does: medians of
 * `rounds` rounds of `calls` sequential calls.
 */
async function cpuSideBySide<K extends string>(
  fns: Record<K, () => Promise<unknown>>,
  calls: number,
  rounds: number,
): Promise<Record<K, { cpuUs: number; wallUs: number }>> {
  const entries = Object.entries(fns) as Array<[K, () => Promise<unknown>]>;
  const cpu = new Map<K, number[]>(entries.map(([k]) => [k, []]));
  const wall = new Map<K, number[]>(entries.map(([k]) => [k, []]));
  for (const [, fn] of entries) for (let i = 0; i < Math.min(50, calls); i++) await fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of entries) {
      const before = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) await fn();
      const used = process.cpuUsage(before);
      wall.get(name)!.push(Number(process.hrtime.bigint() - start) / 1e3 / calls);
      cpu.get(name)!.push((used.user + used.system) / calls);
    }
  }
  return Object.fromEntries(
    entries.map(([k]) => [k, { cpuUs: median(cpu.get(k)!), wallUs: median(wall.get(k)!) }]),
  ) as Record<K, { cpuUs: number; wallUs: number }>;
}

/**
 * The credential endpoint's DPoP step as `requireAccessToken` runs it (checkDpopProof: the proof
 * checked, its jti spent in `spent_jti`; then the next nonce), on one database. Each call needs
 * a proof of its own (the store refuses a jti twice): they are signed beforehand.
 */
async function dpopOn(db: Database, calls: number, rounds: number) {
  const holderKey = es256Pair();
  const jwk = await exportJWK(holderKey.publicKey);
  const secret = randomBytes(32);
  const accessToken = randomBytes(32).toString('base64url');
  const ath = createHash('sha256').update(accessToken).digest('base64url');
  const ctx = {
    now: () => Math.floor(Date.now() / 1000),
    baseUrl: 'https://issuer.example',
    secret,
    settings: { dpopIatLeeway: 600, dpopNonceTtl: 300 },
    store: createIssuerStore(db),
  } as unknown as IssuerContext;
  const holder = { definition: { id: 'af' } } as unknown as HolderRuntime;
  const url = `${ctx.baseUrl}/af/credential`;
  const proof = () =>
    new SignJWT({
      jti: randomUUID(),
      htm: 'POST',
      htu: url,
      ath,
      nonce: issueDpopNonce(secret, 'af', ctx.now()),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .setIssuedAt()
      .sign(holderKey.privateKey);
  // Proofs for the warm-up and every round of the two checks that take one each.
  const proofs: string[] = [];
  for (let i = 0; i < 2 * (calls * rounds + Math.min(50, calls)); i++) proofs.push(await proof());
  const withProof = () =>
    ({ get: () => proofs.pop(), method: 'POST', originalUrl: '/af/credential' }) as unknown as Request;
  const check = async (on: IssuerContext) => {
    await checkDpopProof(on, holder, withProof(), { at: 'resource', accessToken });
    freshDpopNonce(on, holder);
  };
  // The same step with the jti kept in memory: what the proof check costs without the database.
  const inMemory = { ...ctx, store: { spendJti: async () => true } } as unknown as IssuerContext;
  return cpuSideBySide(
    {
      full: () => check(ctx),
      proofOnly: () => check(inMemory),
      insert: () => ctx.store.spendJti(randomBytes(32).toString('base64url'), ctx.now() + 300),
    },
    calls,
    rounds,
  );
}

type DpopFigures = Awaited<ReturnType<typeof dpopOn>>;

/** The DPoP step on the issuer's own tables: a PostgreSQL database of its own or a SQLite file, both removed after. */
async function dpopStoreOn(kind: DatabaseKind, calls: number, rounds: number): Promise<DpopFigures> {
  const open = (url: string) =>
    openServiceDatabase(
      { databaseUrl: url },
      { schema: 'issuer', entities: issuerEntities, migrations: issuerMigrations },
    );
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-features-'));
    const db = await open(join(dir, 'issuer.sqlite'));
    try {
      return await dpopOn(db, calls, rounds);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const databaseName = `bench_features_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  try {
    const db = await open(testPostgresUrl.replace(/\/[^/]*$/, `/${databaseName}`));
    try {
      return await dpopOn(db, calls, rounds);
    } finally {
      await db.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
}

export async function runFeatureCosts(
  options: { kinds?: DatabaseKind[]; rounds?: number; roundMs?: number } = {},
): Promise<BenchResult[]> {
  const kinds = options.kinds ?? ['sqlite', 'postgres'];
  const rounds = options.rounds ?? 11;
  const roundMs = options.roundMs ?? 150;
  const dbCalls = Math.max(20, Math.round(roundMs * 2));
  const issuerKeys = es256Pair();
  const { presentation, checks, claims, verify, issue } = await verifiedPresentation(issuerKeys);

  // Encryption at rest on direct_post (verifier-store.ts, webhook-store.ts): completeRequest seals
  // the claims, enqueuePresentationWebhook reads the row back (opens them) and the outbox seals
  // the webhook body. Without it the claims went to a JSON column and came back parsed.
  const dataKey = randomBytes(32);
  const sealer = createDataSealer(() => dataKey);
  const id = randomUUID();
  const webhookBody = JSON.stringify({ id, status: 'verified', consumer: 'insurer', claims, checks });
  const sealed = () => {
    const stored = sealer.sealJson('insurer', `presentation_request.claims:${id}`, claims);
    sealer.openJson('insurer', `presentation_request.claims:${id}`, stored);
    sealer.sealText('insurer', `webhook_outbox.body:${id}`, webhookBody);
  };
  const clear = () => JSON.parse(JSON.stringify(claims)) as unknown;

  // The per-request key (request-encryption-key.ts): made and sealed with each direct_post.jwt
  // request; opened and imported to decrypt its one response. Before it, the consumer's
  // long-lived key (already imported) decrypted every response.
  const consumerEncryption = es256Pair();
  const consumer = {
    config: insurer,
    keys: {
      encryption: { privateKey: consumerEncryption.privateKey },
      encryptionJwk: { ...(await exportJWK(consumerEncryption.publicKey)), alg: 'ECDH-ES', use: 'enc' },
      signing: { signer: inProcessSigner(issuerKeys.privateKey) },
      signingKid: 'did:web:verifier.example:consumers:insurer#0',
    },
  } as unknown as ConsumerRuntime;
  const row = {
    id,
    consumerId: 'insurer',
    responseEncryptionKey: await createRequestEncryptionKey(sealer, 'insurer', id),
  } as PresentationRequestRow;
  const walletBody = {
    vp_token: { registration: [presentation] },
    state: randomBytes(16).toString('base64url'),
  };
  const metadata = (jwk: JWK) => ({
    jwks: { keys: [jwk] },
    encrypted_response_enc_values_supported: ['A128GCM', 'A256GCM'],
  });
  const jweOwn = await encryptResponse(metadata(requestEncryptionJwk(sealer, consumer, row)), walletBody);
  const jweConsumer = await encryptResponse(metadata(consumer.keys.encryptionJwk), walletBody);
  const createKey = () => createRequestEncryptionKey(sealer, 'insurer', id);
  const decryptOwn = async () =>
    decryptResponse({ key: await requestDecryptionKey(sealer, consumer, row), jwe: jweOwn });
  const decryptConsumer = () =>
    decryptResponse({ key: consumer.keys.encryption.privateKey, jwe: jweConsumer });

  // Consent record (issue-consent-record.ts): after a verified share, a record signed with the
  // consumer's key. Its two rows go to an in-memory store here: the figure is the record's making and signature.
  const ctx = {
    baseUrl: VERIFIER,
    consumers: new Map([['insurer', consumer]]),
    consentRecords: { insertRecord: async () => {}, logUse: async () => ({}) },
  } as unknown as VerifierContext;
  const share = {
    consumerId: 'insurer',
    clientId: CLIENT_ID,
    nonce: NONCE,
    purpose: 'Ersättning vid arbetslöshet',
    template: TEMPLATE,
    callbackUrl: 'https://insurer.example/callback',
    presentationRequestId: id,
    fields: [{ credential_query_id: 'registration', vct: VCT, claims: asked }],
  };
  const consentRecord = () => issueConsentRecord(ctx, share, Math.floor(Date.now() / 1000));
  const signingInput = Buffer.from('x'.repeat(900));
  const es256Floor = () =>
    rawSign('sha256', signingInput, { key: issuerKeys.privateKey, dsaEncoding: 'ieee-p1363' });

  // Metrics: the middleware every request passes (httpMetrics, then the /metrics router), and on
  // direct_post the verifier's count of each check; on the credential endpoint the issued counter.
  const verifierMetrics = createVerifierMetrics({ kind: 'sqlite' } as Database);
  const issuerMetrics = createIssuerMetrics({ kind: 'sqlite' } as Database);
  const timing = httpMetrics(verifierMetrics);
  const scrape = metricsRoute(verifierMetrics.registry, 'bench-metrics-token-'.padEnd(40, 'x'));
  const respond = async (withMetrics: boolean, counted: () => void) => {
    const { req, res } = fakeExchange(`/openid4vp/responses/${id}`);
    if (withMetrics) {
      timing(req, res, () => {});
      await new Promise<void>((resolve) => scrape(req, res, () => resolve()));
    }
    req.route = { path: '/openid4vp/responses/:id' }; // as express sets it once the route matched
    if (withMetrics) counted();
    res.emit('finish');
  };
  const metricsDirectPost = () => respond(true, () => verifierMetrics.recordChecks(checks));
  const metricsCredential = () =>
    respond(true, () =>
      issuerMetrics.issued.inc({ holder: 'af', configuration: 'registration_certificate' }),
    );
  const metricsOff = () => respond(false, () => {});

  process.stderr.write('bench: feature costs, in-process side by side…\n');
  const { ops } = await measureSideBySide(
    {
      verify,
      issue,
      sealed,
      clear,
      createKey,
      decryptOwn,
      decryptConsumer,
      consentRecord,
      es256Floor,
      metricsDirectPost,
      metricsCredential,
      metricsOff,
    },
    { rounds, roundMs },
  );
  const us = Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, micros(v)]));

  const f = (v: number) => round(v, 1);
  process.stderr.write(`bench: feature costs, the DPoP jti store (${kinds.join(', ')})…\n`);
  const store: Partial<Record<DatabaseKind, DpopFigures>> = {};
  for (const kind of kinds) store[kind] = await dpopStoreOn(kind, dbCalls, Math.min(rounds, 5));
  const valueKind: DatabaseKind = store.postgres ? 'postgres' : 'sqlite';
  const dpop = store[valueKind]!;
  const onStore = (kind: DatabaseKind) => {
    const figures = store[kind];
    if (!figures) return `${kind}: not measured`;
    return `${kind}: checkDpopProof + freshDpopNonce CPU ${f(figures.full.cpuUs)} µs (wall ${f(figures.full.wallUs)} µs), the same with the jti kept in memory ${f(figures.proofOnly.cpuUs)} µs, spendJti alone CPU ${f(figures.insert.cpuUs)} µs (wall ${f(figures.insert.wallUs)} µs)`;
  };

  const result = (
    feature: Feature,
    value: number,
    reference: [string, number],
    note: string,
    extra: Record<string, unknown> = {},
  ): BenchResult => ({
    name: `feature-cost-${feature}`,
    unit: 'µs',
    value: f(value),
    references: { [reference[0]]: f(reference[1]) },
    ratios: { [reference[0]]: round(value / reference[1], 3) },
    note,
    ...extra,
  });
  const verifyRef: [string, number] = ['verifyVpToken', us.verify];
  const atRest = us.sealed - us.clear;
  const keyOnResponse = us.decryptOwn - us.decryptConsumer;
  const metricsAdded = us.metricsDirectPost - us.metricsOff;
  return [
    result(
      'encryption-at-rest',
      atRest,
      verifyRef,
      `direct_post: DataSealer.sealJson of the verified claims (${JSON.stringify(claims).length} B, completeRequest) + openJson of them (enqueuePresentationWebhook's findRequest) + sealText of the ${webhookBody.length} B webhook body (webhook outbox, only when the request has a callback URL), AES-256-GCM, ${f(us.sealed)} µs, less the JSON write and read the claims had in clear (${f(us.clear)} µs). The issuer and wallet seal too, on their own paths (not measured here)`,
      { with_feature_us: f(us.sealed), without_us: f(us.clear) },
    ),
    result(
      'dpop-replay',
      dpop.full.cpuUs,
      ['issueSdJwtVc', us.issue],
      `credential endpoint with a DPoP-bound token (requireAccessToken): checkDpopProof (verifyDpopProof: ES256 verify with the proof's own jwk, nonce HMAC, thumbprint; then spendJti, one INSERT into spent_jti) + freshDpopNonce for the next proof; value: this process's CPU per request on ${valueKind} (the database server's own CPU not in it). ${onStore('postgres')}; ${onStore('sqlite')}. A bearer token costs none of it; the token endpoint runs the same check once per token`,
      {
        database: valueKind,
        proof_check_cpu_us: f(dpop.proofOnly.cpuUs),
        ...Object.fromEntries(
          Object.entries(store).flatMap(([kind, figures]) => [
            [`${kind}_cpu_us`, f(figures.full.cpuUs)],
            [`${kind}_jti_insert_cpu_us`, f(figures.insert.cpuUs)],
          ]),
        ),
      },
    ),
    result(
      'request-encryption-key',
      us.createKey + keyOnResponse,
      verifyRef,
      `direct_post.jwt only (direct_post has no key): createRequestEncryptionKey (ECDH-ES P-256 key made, exported, thumbprinted, sealed) on the request's creation ${f(us.createKey)} µs, plus on direct_post.jwt requestDecryptionKey (open + importJWK) before decryptResponse of a ${jweOwn.length} B JWE made by the wallet's encryptResponse (ECDH-ES + A256GCM): ${f(us.decryptOwn)} µs against ${f(us.decryptConsumer)} µs with the consumer's long-lived key as before, so ${f(keyOnResponse)} µs added on direct_post.jwt. The decryption itself is not new`,
      {
        on_request_creation_us: f(us.createKey),
        on_direct_post_jwt_us: f(keyOnResponse),
        decrypt_us: f(us.decryptOwn),
      },
    ),
    result(
      'consent-record-signing',
      us.consentRecord,
      verifyRef,
      `direct_post when verified: issueConsentRecord (capability, record row, consentRecordClaims, signCompactJwt ES256 with the consumer's in-process key) with its two row writes (record, use log) left out (an in-memory store here); the bare ES256 sign of a record-sized input is ${f(us.es256Floor)} µs. Approval receipts are signed only for approvals, not on every direct_post`,
      { es256_sign_us: f(us.es256Floor) },
    ),
    result(
      'metrics',
      metricsAdded,
      verifyRef,
      `every request: httpMetrics (startTimer, finish listener, route labels, histogram + counter) and the /metrics router passed by (METRICS_TOKEN set), on direct_post with recordChecks of its ${checks.length} checks: ${f(us.metricsDirectPost)} µs against ${f(us.metricsOff)} µs for the same fake request/response without them; on the credential endpoint (issued counter instead of the checks) ${f(us.metricsCredential - us.metricsOff)} µs`,
      { credential_us: f(us.metricsCredential - us.metricsOff) },
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kinds, rounds, roundMs] = process.argv.slice(2);
  const results = await runFeatureCosts({
    kinds: kinds ? (kinds.split(',') as DatabaseKind[]) : undefined,
    rounds: Number(rounds) || undefined,
    roundMs: Number(roundMs) || undefined,
  });
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
