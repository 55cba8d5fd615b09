import {
  generateKeyPairSync,
  sign as rawSign,
  verify as rawVerify,
  randomInt,
  type KeyObject,
} from 'node:crypto';
import { compactVerify, exportJWK, SignJWT, type JWK } from 'jose';
import { ES256, digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { StatusList, getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { createAgent, type ICredentialPlugin, type IResolver } from '@veramo/core';
import { CredentialPlugin } from '@veramo/credential-w3c';
import { CredentialProviderJWT } from '@veramo/credential-jwt';
import { DIDResolverPlugin } from '@veramo/did-resolver';
import { getDidJwkResolver } from '@veramo/did-provider-jwk';
import { Resolver } from 'did-resolver';
import { ES256Signer } from 'did-jwt';
import { createVerifiableCredentialJwt } from 'did-jwt-vc';
import { issueSdJwtVc, createDisclosureFrameForAll } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import { encodeStatusList } from '@min-profil/shared/status-list/encode-status-list';
import { createStatusListJwt } from '@min-profil/shared/status-list/status-list-jwt';
import { verifyVpToken } from '@min-profil/verifier/verification/verify-vp-token';
import { verifyProofJwt } from '@min-profil/issuer/credential/verify-proof-jwt';
import { Pkcs11Token } from '@min-profil/shared/signing/pkcs11-token';
import type { Signer } from '@min-profil/shared/signing/signer';
import { createSoftHsmToken } from '@min-profil/shared/testing/softhsm-token';
import { measureOps, measureSideBySide, median, round } from './stats.js';

type StatusPayload = { status?: { status_list?: { idx: number } } };
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
import type { BenchResult } from './results.js';

/**
 * The in-process benchmarks (run pinned to one core by `run-bench`): presentation
 * verification, issuance, status look-up and publishing, each beside its references.
 */
const CLIENT_ID = 'decentralized_identifier:did:web:insurer.example';

function es256Pair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** The signing input (`header.payload`) and raw signature of a compact JWS. */
function splitJws(jwt: string): { data: Buffer; signature: Buffer } {
  const dot = jwt.lastIndexOf('.');
  return { data: Buffer.from(jwt.slice(0, dot)), signature: Buffer.from(jwt.slice(dot + 1), 'base64url') };
}

const p1363 = (key: KeyObject) => ({ key, dsaEncoding: 'ieee-p1363' as const });

async function benchVerifyPresentation(): Promise<BenchResult> {
  const issuerKeys = es256Pair();
  const holderKeys = es256Pair();
  const issuerJwk = { ...(await exportJWK(issuerKeys.publicKey)), kid: 'af-1', alg: 'ES256' } as JWK;
  const holderJwk = await exportJWK(holderKeys.publicKey);
  const now = Math.floor(Date.now() / 1000);

  const issued = await issueSdJwtVc({
    issuer: ISSUER,
    vct: VCT,
    claims: claims6,
    disclosureFrame: createDisclosureFrameForAll(claims6),
    holderJwk,
    status: { idx: 4711, uri: STATUS_URI },
    issuedAt: now,
    expiresAt: now + 86_400 * 90,
    signer: { privateKey: issuerKeys.privateKey, kid: 'af-1', alg: 'ES256' },
  });
  const presentation = await presentSdJwtVc({
    compact: issued,
    disclose: () => true,
    keyBinding: {
      nonce: NONCE,
      audience: CLIENT_ID,
      issuedAt: now,
      privateKey: holderKeys.privateKey,
      alg: 'ES256',
    },
  });
  const { statusJwt, statusLists } = await registrationStatusList(
    { privateKey: issuerKeys.privateKey, kid: 'af-1', alg: 'ES256' },
    now,
  );
  const trustList = registrationTrustList(issuerJwk);
  const dcqlQuery = registrationQuery(Object.keys(claims6));
  const expected = {
    nonce: NONCE,
    clientId: CLIENT_ID,
    now,
    clockSkew: 60,
    keyBindingMaxAge: 300,
    maxPresentationBytes: 64 * 1024,
    maxPresentationsPerQuery: 10,
    allowInsecureUrls: false,
  };
  const ours = async () => {
    const result = await verifyVpToken({
      vpToken: { registration: [presentation] },
      dcqlQuery,
      trustList,
      expected: { ...expected, now: Math.floor(Date.now() / 1000) },
      statusLists,
    });
    if (!result.verified) throw new Error(`not verified: ${JSON.stringify(result.checks.at(-1))}`);
  };
  await ours(); // fills the status-list cache

  // Floor: the two ES256 verifications any verifier must do, over the same bytes.
  const issuerJws = splitJws(presentation.slice(0, presentation.indexOf('~')));
  const kbJws = splitJws(presentation.slice(presentation.lastIndexOf('~') + 1));
  const floor = () => {
    if (!rawVerify('sha256', issuerJws.data, p1363(issuerKeys.publicKey), issuerJws.signature))
      throw new Error('floor');
    if (!rawVerify('sha256', kbJws.data, p1363(holderKeys.publicKey), kbJws.signature))
      throw new Error('floor');
  };

  // sd-jwt-js: its own verify, issuer key known, holder key read from cnf, status list served from memory.
  const issuerVerifier = await ES256.getVerifier(issuerJwk);
  const sdJwtJs = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    verifier: issuerVerifier,
    kbVerifier: async (data: string, signature: string, payload: unknown) =>
      (await ES256.getVerifier((payload as { cnf: { jwk: JWK } }).cnf.jwk))(data, signature),
    statusListFetcher: async () => statusJwt,
  });
  const theirs = async () => {
    await sdJwtJs.verify(presentation, { keyBindingNonce: NONCE });
  };
  await theirs();
  // Like for like: the same library with the status list decoded once and kept, as our verifier's
  // cache keeps it, so the two differ only in the presentation's own checks. sd-jwt-js has no
  // option for a decoded list, so its (private) status step is replaced on this one instance.
  const decodedList = getListFromStatusListJWT(statusJwt);
  const sdJwtJsCached = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    verifier: issuerVerifier,
    kbVerifier: async (data: string, signature: string, payload: unknown) =>
      (await ES256.getVerifier((payload as { cnf: { jwk: JWK } }).cnf.jwk))(data, signature),
  });
  (
    sdJwtJsCached as unknown as { verifyStatus: (result: { payload: StatusPayload }) => Promise<void> }
  ).verifyStatus = async ({ payload }) => {
    const entry = payload.status?.status_list;
    if (entry && decodedList.getStatus(entry.idx) !== 0) throw new Error('sd-jwt-js cached: revoked');
  };
  const theirsCached = async () => {
    await sdJwtJsCached.verify(presentation, { keyBindingNonce: NONCE });
  };
  await theirsCached();

  // Veramo: verifyCredential of an equivalent jwt_vc_json (did:jwk issuer, same six claims, a
  // status entry answered from memory as a cached list would be).
  const vcIssuerKeys = es256Pair();
  const vcIssuerJwk = await exportJWK(vcIssuerKeys.publicKey);
  const vcIssuerDid = `did:jwk:${Buffer.from(JSON.stringify({ ...vcIssuerJwk, alg: 'ES256', use: 'sig' })).toString('base64url')}`;
  const privateJwk = await exportJWK(vcIssuerKeys.privateKey);
  const vcJwt = await createVerifiableCredentialJwt(
    {
      sub: `did:jwk:${Buffer.from(JSON.stringify(holderJwk)).toString('base64url')}`,
      nbf: now,
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'RegistrationCertificate'],
        credentialSubject: claims6,
        credentialStatus: { id: `${STATUS_URI}#4711`, type: 'TokenStatusListEntry' },
      },
    },
    { did: vcIssuerDid, signer: ES256Signer(Buffer.from(privateJwk.d!, 'base64url')), alg: 'ES256' },
    { header: { kid: `${vcIssuerDid}#0` } },
  );
  const cachedList = await statusLists.getList({ uri: STATUS_URI });
  const agent = createAgent<IResolver & ICredentialPlugin>({
    plugins: [
      new DIDResolverPlugin({ resolver: new Resolver({ ...getDidJwkResolver() }) }),
      new CredentialPlugin([new CredentialProviderJWT()]),
      { methods: { checkCredentialStatus: async () => ({ revoked: cachedList.get(4711) !== 0 }) } },
    ],
  });
  const veramo = async () => {
    const result = await agent.verifyCredential({ credential: vcJwt });
    if (!result.verified) throw new Error(`veramo: ${JSON.stringify(result.error)}`);
  };
  await veramo();

  if (process.env.BENCH_PROFILE) {
    // `BENCH_PROFILE=1 node --cpu-prof bench/dist/micro.js verify`: only our path, for the profile.
    const only = await measureOps(ours, { rounds: 10, roundMs: 400 });
    return { name: 'verify-presentation', unit: 'ops/s', value: round(only, 0), references: {} };
  }
  const { ops, ratio } = await measureSideBySide(
    { ours, floor, 'sd-jwt-js': theirs, 'sd-jwt-js cached list': theirsCached, veramo },
    { rounds: 11, roundMs: 150 },
  );
  return {
    name: 'verify-presentation',
    unit: 'ops/s',
    value: round(ops.ours, 0),
    references: {
      floor: round(ops.floor, 0),
      'sd-jwt-js': round(ops['sd-jwt-js'], 0),
      'sd-jwt-js cached list': round(ops['sd-jwt-js cached list'], 0),
      veramo: round(ops.veramo, 0),
    },
    ratios: {
      floor: round(ratio('ours', 'floor'), 2),
      'sd-jwt-js': round(ratio('ours', 'sd-jwt-js'), 2),
      'sd-jwt-js cached list': round(ratio('ours', 'sd-jwt-js cached list'), 2),
      veramo: round(ratio('ours', 'veramo'), 2),
    },
    note: `${presentation.length} B presentation, ${disclosureCount(presentation)} disclosures + KB-JWT, status list cached; sd-jwt-js fetches and decodes the list on every call, sd-jwt-js cached list uses one decoded once; floor = 2 raw ES256 verifies (${issuerJws.data.length} B + ${kbJws.data.length} B)`,
  };
}

/** What issue-credential measures, with the issuer's key wherever `privateKey` keeps it. */
async function issueOnce(privateKey: KeyObject | Signer): Promise<{ issue: () => Promise<string> }> {
  const holderKeys = es256Pair();
  const holderJwk = await exportJWK(holderKeys.publicKey);
  const claims8 = { ...claims6, birthdate: '1912-12-12', nationalities: ['SE'] };
  const now = Math.floor(Date.now() / 1000);
  const proof = await new SignJWT({ aud: ISSUER, iat: now, nonce: 'c-nonce-123' })
    .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: holderJwk })
    .sign(holderKeys.privateKey);
  const frame = createDisclosureFrameForAll(claims8);
  const signer = { privateKey, kid: 'af-1', alg: 'ES256' as const };
  const issue = async () => {
    const verified = await verifyProofJwt({
      jwt: proof,
      issuerUrl: ISSUER,
      now,
      maxAge: 300,
      resolveKid: async () => {
        throw new Error('jwk only');
      },
    });
    return issueSdJwtVc({
      issuer: ISSUER,
      vct: VCT,
      claims: claims8,
      disclosureFrame: frame,
      holderJwk: verified.jwk,
      status: { idx: randomInt(131_072), uri: STATUS_URI },
      issuedAt: now,
      expiresAt: now + 86_400,
      signer,
    });
  };
  return { issue };
}

/**
 * issue-credential with the issuer's key in a SoftHSM2 token (PKCS#11, the key never in this
 * process) beside the same with the key in process, measured side by side. Skipped, with the
 * reason on stderr, where SoftHSM2 is not installed.
 */
async function benchIssueCredentialPkcs11(): Promise<BenchResult[]> {
  const softhsm = await createSoftHsmToken('bench');
  if (!softhsm.ok) {
    process.stderr.write(`bench: issue-credential-pkcs11 not run: ${softhsm.why}\n`);
    return [];
  }
  const token = await Pkcs11Token.open(softhsm.config);
  const key = await token.generateP256Key();
  const inToken = await issueOnce(token.signer(key.id));
  const inProcess = await issueOnce(es256Pair().privateKey);
  const sample = await inToken.issue();
  const jwt = sample.slice(0, sample.indexOf('~'));
  await compactVerify(jwt, key.publicKey);
  const { ops, ratio } = await measureSideBySide(
    { ours: inToken.issue, 'in-process': inProcess.issue },
    { rounds: 11, roundMs: 150 },
  );
  token.close();
  return [
    {
      name: 'issue-credential-pkcs11',
      unit: 'ops/s',
      value: round(ops.ours, 0),
      references: { 'in-process': round(ops['in-process'], 0) },
      ratios: { 'in-process': round(ratio('ours', 'in-process'), 2) },
      note: `issue-credential with the issuer's P-256 key in SoftHSM2 ${softhsm.config.module} (CKM_ECDSA over a SHA-256 digest, one session; the key never leaves the token); in-process = the same with a node:crypto key`,
    },
  ];
}

async function benchIssueCredential(): Promise<BenchResult> {
  const issuerKeys = es256Pair();
  const holderKeys = es256Pair();
  const holderJwk = await exportJWK(holderKeys.publicKey);
  const claims8 = { ...claims6, birthdate: '1912-12-12', nationalities: ['SE'] };
  const now = Math.floor(Date.now() / 1000);
  const audience = ISSUER;
  const proof = await new SignJWT({ aud: audience, iat: now, nonce: 'c-nonce-123' })
    .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: holderJwk })
    .sign(holderKeys.privateKey);
  const frame = createDisclosureFrameForAll(claims8);
  const signer = { privateKey: issuerKeys.privateKey, kid: 'af-1', alg: 'ES256' as const };
  const ours = async () => {
    const verified = await verifyProofJwt({
      jwt: proof,
      issuerUrl: audience,
      now,
      maxAge: 300,
      resolveKid: async () => {
        throw new Error('jwk only');
      },
    });
    await issueSdJwtVc({
      issuer: ISSUER,
      vct: VCT,
      claims: claims8,
      disclosureFrame: frame,
      holderJwk: verified.jwk,
      status: { idx: randomInt(131_072), uri: STATUS_URI },
      issuedAt: now,
      expiresAt: now + 86_400,
      signer,
    });
  };
  await ours();
  const sample = await (async () => {
    const verified = await verifyProofJwt({
      jwt: proof,
      issuerUrl: audience,
      now,
      maxAge: 300,
      resolveKid: async () => ({}),
    });
    return issueSdJwtVc({
      issuer: ISSUER,
      vct: VCT,
      claims: claims8,
      disclosureFrame: frame,
      holderJwk: verified.jwk,
      status: { idx: 1, uri: STATUS_URI },
      issuedAt: now,
      expiresAt: now + 86_400,
      signer,
    });
  })();
  const issuedJws = splitJws(sample.slice(0, sample.indexOf('~')));
  const proofJws = splitJws(proof);
  const floor = () => {
    rawSign('sha256', issuedJws.data, p1363(issuerKeys.privateKey));
    if (!rawVerify('sha256', proofJws.data, p1363(holderKeys.publicKey), proofJws.signature))
      throw new Error('floor');
  };
  if (process.env.BENCH_PROFILE) {
    const only = await measureOps(ours, { rounds: 10, roundMs: 400 });
    return { name: 'issue-credential', unit: 'ops/s', value: round(only, 0), references: {} };
  }
  const { ops, ratio } = await measureSideBySide({ ours, floor }, { rounds: 11, roundMs: 150 });
  return {
    name: 'issue-credential',
    unit: 'ops/s',
    value: round(ops.ours, 0),
    references: { floor: round(ops.floor, 0) },
    ratios: { floor: round(ratio('ours', 'floor'), 2) },
    note: `${disclosureCount(sample)} disclosures (selectively disclosable claims), cnf.jwk, status entry; proof JWT verified; ${sample.length} B credential`,
  };
}

/** Disclosures in an SD-JWT (with or without a KB-JWT): the parts between the issuer JWT and the last `~`. */
function disclosureCount(sdJwt: string): number {
  return sdJwt.split('~').slice(1, -1).filter(Boolean).length;
}

/** 1,000,000 statuses, 1 % revoked at random places. */
function millionStatuses(bits: 1 | 2): Uint8Array {
  const statuses = new Uint8Array(1_000_000);
  let revoked = 0;
  while (revoked < 10_000) {
    const idx = randomInt(statuses.length);
    if (statuses[idx] === 0) {
      statuses[idx] = 1;
      revoked++;
    }
  }
  void bits;
  return statuses;
}

async function benchStatus(): Promise<BenchResult[]> {
  const keys = es256Pair();
  const signer = { privateKey: keys.privateKey, kid: 'af-1', alg: 'ES256' as const };
  const statuses = millionStatuses(1);
  const now = Math.floor(Date.now() / 1000);
  const publish = async (bits: 1 | 2) => {
    const { lst } = encodeStatusList({ statuses, bits });
    const jwt = await createStatusListJwt({
      uri: STATUS_URI,
      issuer: ISSUER,
      bits,
      lst,
      ttl: 300,
      issuedAt: now,
      signer,
    });
    return { lst, jwt };
  };
  const times = async (fn: () => Promise<unknown> | unknown, n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      await fn();
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(ms.slice(1));
  };
  const publishMs = await times(() => publish(1), 8);
  const { lst, jwt } = await publish(1);
  const two = await publish(2);
  const theirList = Array.from(statuses);
  const sdJwtJsMs = await times(() => new StatusList(theirList, 1).compressStatusList(), 6);

  const cache = new StatusListCache({
    fetchJwt: async () => jwt,
    resolveKey: async () => keys.publicKey,
    limits: { maxEntries: 2_000_000 },
  });
  await cache.getStatus({ uri: STATUS_URI, idx: 0 });
  const view = await cache.getList({ uri: STATUS_URI });
  let i = 0;
  // The verifier's path (check-status.ts): a synchronous peek, the async load only on a miss.
  const ours = () => {
    const idx = (i = (i + 7919) % 1_000_000);
    return cache.peekStatus(STATUS_URI, idx) ?? cache.getStatus({ uri: STATUS_URI, idx });
  };
  const floorBytes = Buffer.from(statuses);
  const floor = () => {
    i = (i + 7919) % 1_000_000;
    return (floorBytes[i >>> 3] >>> (i & 7)) & 1;
  };
  const theirs = new StatusList(theirList, 1);
  const sdJwtJs = () => theirs.getStatus((i = (i + 7919) % 1_000_000));
  void view;
  const { ops } = await measureSideBySide({ ours, floor, 'sd-jwt-js': sdJwtJs }, { rounds: 5, roundMs: 200 });
  const compressedBytes = Buffer.from(lst, 'base64url').length;
  // The notes' figures are read off the list that was measured.
  const entries = statuses.length.toLocaleString('en-US');
  const revokedPercent = round(
    (100 * statuses.reduce((n, v) => n + (v === 0 ? 0 : 1), 0)) / statuses.length,
    2,
  );
  return [
    {
      name: 'status-lookup',
      unit: 'ops/s',
      value: round(ops.ours, 0),
      references: { floor: round(ops.floor, 0), 'sd-jwt-js': round(ops['sd-jwt-js'], 0) },
      note: `StatusListCache.peekStatus (as check-status.ts calls it) on a cached ${entries}-entry list: ttl check, LRU touch, bounds check; floor = a bit read from a Buffer`,
    },
    {
      name: 'status-publish-1m',
      unit: 'ms',
      value: round(publishMs, 1),
      references: { 'sd-jwt-js': round(sdJwtJsMs, 1) },
      bytes: compressedBytes,
      jwt_bytes: jwt.length,
      bytes_2bit: Buffer.from(two.lst, 'base64url').length,
      note: `${entries} entries, 1 bit, ${revokedPercent} % revoked at random: pack + ZLIB level 9 + sign; ${compressedBytes} B compressed (draft: ~13.7 KB), ${jwt.length} B JWT; 2-bit list ${Buffer.from(two.lst, 'base64url').length} B; sd-jwt-js = its compressStatusList alone`,
    },
  ];
}

export async function runMicro(only?: string[]): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const want = (name: string) => !only || only.length === 0 || only.some((o) => name.startsWith(o));
  if (want('verify')) results.push(await benchVerifyPresentation());
  if (want('issue')) results.push(await benchIssueCredential());
  if (want('issue')) results.push(...(await benchIssueCredentialPkcs11()));
  if (want('status')) results.push(...(await benchStatus()));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runMicro(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
