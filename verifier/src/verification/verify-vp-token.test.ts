import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { encodeStatusList } from '@min-profil/shared/status-list/encode-status-list';
import { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import { createStatusListJwt } from '@min-profil/shared/status-list/status-list-jwt';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { OWN_TRUST_LIST_TYPE, queryForWallet } from '../presentation-request/own-trust-list-authority.js';
import { parseDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import { verifyVpToken } from './verify-vp-token.js';

const NOW = 1_800_000_000;
const ISS = 'https://issuer.example/af';
const VCT = 'https://issuer.example/af/vct/registration-certificate';
const STATUS_URI = 'https://issuer.example/af/status-lists/1';
const CLIENT_ID = 'decentralized_identifier:did:web:verifier.example:consumers:insurer';
const NONCE = 'n-0S6_WzA2Mj';

function keyPair() {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

const issuerKey = keyPair();
const holderKey = keyPair();
let issuerJwk: JWK;
let holderJwk: JWK;
let trustList: TrustList;

beforeAll(async () => {
  issuerJwk = { ...(await exportJWK(issuerKey.publicKey)), kid: 'af-1' };
  holderJwk = await exportJWK(holderKey.publicKey);
  trustList = {
    version: 1,
    operator: 'test',
    issued_at: '2027-01-01T00:00:00Z',
    issuers: [
      {
        id: 'af',
        name: { sv: 'Arbetsförmedlingen', en: 'Swedish Public Employment Service' },
        credential_issuer: ISS,
        jwks: { keys: [issuerJwk] },
        credential_types: [
          {
            format: 'dc+sd-jwt',
            type: VCT,
            credential_configuration_id: 'registration_certificate',
            name: { sv: 'Inskrivningsintyg', en: 'Registration certificate' },
          },
        ],
      },
    ],
    consumers: [],
  };
});

async function issue(
  idx: number,
  signer: { key: KeyObject; kid: string } = { key: issuerKey.privateKey, kid: 'af-1' },
  holder: JWK = holderJwk,
) {
  return issueSdJwtVc({
    issuer: ISS,
    vct: VCT,
    claims: {
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
      registered_since: '2026-09-01',
      office: 'Stockholm',
    },
    disclosureFrame: { _sd: ['given_name', 'family_name', 'registered_since', 'office'] },
    holderJwk: holder,
    status: { idx, uri: STATUS_URI },
    issuedAt: NOW - 100,
    expiresAt: NOW + 86_400,
    signer: { privateKey: signer.key, kid: signer.kid, alg: 'ES256' },
  });
}

function present(credential: string, disclose: Record<string, boolean>) {
  return presentSdJwtVc({
    compact: credential,
    disclose,
    keyBinding: {
      nonce: NONCE,
      audience: CLIENT_ID,
      issuedAt: NOW - 5,
      privateKey: holderKey.privateKey,
      alg: 'ES256',
    },
  });
}

function statusCache(statuses: number[], onFetch: () => void = () => undefined) {
  return new StatusListCache({
    now: () => NOW,
    fetchJwt: async (uri) => {
      onFetch();
      return createStatusListJwt({
        uri,
        issuer: ISS,
        ...encodeStatusList({ statuses: Uint8Array.from(statuses), bits: 2 }),
        ttl: 300,
        issuedAt: NOW - 10,
        signer: { privateKey: issuerKey.privateKey, kid: 'af-1', alg: 'ES256' },
      });
    },
  });
}

const query = (multiple = false, extra: Record<string, unknown> = {}) =>
  parseDcqlQuery({
    credentials: [
      {
        id: 'registration',
        format: 'dc+sd-jwt',
        meta: { vct_values: [VCT] },
        multiple,
        ...extra,
        claims: [{ path: ['given_name'] }, { path: ['family_name'] }, { path: ['registered_since'] }],
      },
    ],
  });

const requested = { given_name: true, family_name: true, registered_since: true };

function verify(
  vpToken: unknown,
  statusLists: StatusListCache,
  options: { multiple?: boolean; fetch?: typeof fetch; dcqlQuery?: ReturnType<typeof parseDcqlQuery> } = {},
) {
  return verifyVpToken({
    vpToken,
    dcqlQuery: options.dcqlQuery ?? query(options.multiple),
    trustList,
    expected: {
      nonce: NONCE,
      clientId: CLIENT_ID,
      now: NOW,
      clockSkew: 60,
      keyBindingMaxAge: 300,
      maxPresentationBytes: 64 * 1024,
      maxPresentationsPerQuery: 10,
      allowInsecureUrls: false,
      trustListUri: 'https://trust.example/list.jwt',
    },
    statusLists,
    fetch: options.fetch,
  });
}

describe('verifyVpToken', () => {
  it('names every check it made, in order, and returns only the requested claims', async () => {
    const presentation = await present(await issue(0), requested);
    const result = await verify(JSON.stringify({ registration: [presentation] }), statusCache([0, 0]));
    expect(result.verified).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual([
      'vp_token',
      'query_ids',
      'issuer_trusted',
      'issuer_authoritative',
      'format',
      'issuer_signature',
      'validity_period',
      'disclosures',
      'key_binding',
      'sd_hash',
      'nonce',
      'audience',
      'status',
      'no_unrequested_claims',
      'dcql_satisfied',
    ]);
    expect(result.claims).toEqual({
      registration: [
        {
          given_name: 'Tolvan',
          family_name: 'Tolvansson',
          registered_since: '2026-09-01',
          issuer: ISS,
          vct: VCT,
        },
      ],
    });
  });

  it('fetches a status list once for many presentations and reports a suspended one', async () => {
    let fetches = 0;
    const cache = statusCache([0, 2, 0], () => fetches++);
    const first = await present(await issue(0), requested);
    const third = await present(await issue(2), requested);
    const ok = await verify({ registration: [first, third] }, cache, { multiple: true });
    expect(ok.verified).toBe(true);
    expect(ok.claims!.registration).toHaveLength(2);

    const suspended = await present(await issue(1), requested);
    const result = await verify({ registration: [suspended] }, cache);
    expect(result.verified).toBe(false);
    expect(result.checks.at(-1)).toEqual({
      name: 'status',
      passed: false,
      detail: 'the credential is suspended',
      query_id: 'registration',
      index: 0,
    });
    expect(fetches).toBe(1);
  });

  it('refuses two presentations for a query without multiple', async () => {
    const presentation = await present(await issue(0), requested);
    const result = await verify({ registration: [presentation, presentation] }, statusCache([0]));
    expect(result.checks.filter((c) => !c.passed)).toEqual([
      {
        name: 'dcql_satisfied',
        passed: false,
        detail: 'credential query registration takes one presentation, got 2',
      },
    ]);
  });

  it('finds a rotated issuer key in the trusted issuer’s JWT VC Issuer Metadata', async () => {
    const rotated = keyPair();
    const rotatedJwk = { ...(await exportJWK(rotated.publicKey)), kid: 'af-2' };
    const requestedUrls: string[] = [];
    const fetchStub = (async (url: string | URL) => {
      requestedUrls.push(String(url));
      return new Response(JSON.stringify({ issuer: ISS, jwks: { keys: [rotatedJwk] } }), { status: 200 });
    }) as typeof fetch;
    const presentation = await present(await issue(0, { key: rotated.privateKey, kid: 'af-2' }), requested);
    const result = await verify({ registration: [presentation] }, statusCache([0]), { fetch: fetchStub });
    expect(result.verified).toBe(true);
    expect(requestedUrls).toEqual(['https://issuer.example/.well-known/jwt-vc-issuer/af']);
  });

  it('satisfies credential sets with one of the alternatives and trusted_authorities naming our trust list', async () => {
    const presentation = await present(await issue(0), { given_name: true });
    const alternatives = (authority: string) =>
      parseDcqlQuery({
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [VCT] },
            claims: [{ path: ['given_name'] }],
            trusted_authorities: [{ type: 'etsi_tl', values: [authority] }],
          },
          {
            id: 'diploma',
            format: 'dc+sd-jwt',
            meta: { vct_values: ['https://issuer.example/skola/vct/diploma'] },
          },
        ],
        credential_sets: [{ options: [['registration'], ['diploma']] }],
      });
    const ours = await verify({ registration: [presentation] }, statusCache([0]), {
      dcqlQuery: alternatives('https://trust.example/list.jwt'),
    });
    expect(ours.verified).toBe(true);
    const theirs = await verify({ registration: [presentation] }, statusCache([0]), {
      dcqlQuery: alternatives('https://other-trust.example/list.jwt'),
    });
    // Evaluated per presentation: it is discarded, the failed check naming why.
    expect(theirs.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['trusted_authorities']);
  });

  it('rejects a presentation disclosing an unrequested claim, naming it', async () => {
    const presentation = await present(await issue(0), { ...requested, office: true });
    const result = await verify({ registration: [presentation] }, statusCache([0]));
    expect(result.verified).toBe(false);
    expect(result.checks.at(-1)).toMatchObject({
      name: 'no_unrequested_claims',
      passed: false,
      detail: 'claims disclosed that were not asked for: office',
    });
    expect(result).not.toHaveProperty('claims');
  });
});

describe('verifyVpToken, OpenID4VP 1.0 conformance', () => {
  const TRUST_LIST_URI = 'https://trust.example/list.jwt';

  it('takes a presentation without key binding only where the query says require_cryptographic_holder_binding: false (§6.1, B.3)', async () => {
    const unbound = await presentSdJwtVc({ compact: await issue(0), disclose: requested });
    const optional = await verify({ registration: [unbound] }, statusCache([0]), {
      dcqlQuery: query(false, { require_cryptographic_holder_binding: false }),
    });
    expect(optional.verified).toBe(true);
    expect(optional.checks.find((c) => c.name === 'key_binding')).toMatchObject({
      passed: true,
      detail: expect.stringContaining('no holder binding'),
    });
    expect(optional.claims!.registration![0]).toMatchObject({ given_name: 'Tolvan' });

    const required = await verify({ registration: [unbound] }, statusCache([0]));
    expect(required.verified).toBe(false);
    expect(required.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['key_binding']);

    // A KB-JWT that does come is checked all the same.
    const wrongNonce = await presentSdJwtVc({
      compact: await issue(0),
      disclose: requested,
      keyBinding: {
        nonce: 'other',
        audience: CLIENT_ID,
        issuedAt: NOW,
        privateKey: holderKey.privateKey,
        alg: 'ES256',
      },
    });
    const checked = await verify({ registration: [wrongNonce] }, statusCache([0]), {
      dcqlQuery: query(false, { require_cryptographic_holder_binding: false }),
    });
    expect(checked.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['nonce']);
  });

  it('discards one failed presentation and re-evaluates the query with the rest (§8.6)', async () => {
    const revoked = await present(await issue(1), requested);
    const valid = await present(await issue(0), requested);
    const result = await verify({ registration: [revoked, valid] }, statusCache([0, 1]), { multiple: true });
    expect(result.verified).toBe(true);
    expect(result.claims!.registration).toHaveLength(1);
    expect(result.checks.filter((c) => !c.passed)).toEqual([
      expect.objectContaining({ name: 'status', query_id: 'registration', index: 0 }),
    ]);
    expect(result.checks.at(-1)).toMatchObject({
      name: 'dcql_satisfied',
      passed: true,
      detail: 'without 1 discarded presentation(s)',
    });

    // With credential sets: the failed alternative is dropped, the other one satisfies the query.
    const sets = parseDcqlQuery({
      credentials: [
        { id: 'first', format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, claims: [{ path: ['given_name'] }] },
        {
          id: 'second',
          format: 'dc+sd-jwt',
          meta: { vct_values: [VCT] },
          claims: [{ path: ['given_name'] }],
        },
      ],
      credential_sets: [{ options: [['first'], ['second']] }],
    });
    const one = await present(await issue(1), { given_name: true });
    const other = await present(await issue(0), { given_name: true });
    const either = await verify({ first: [one], second: [other] }, statusCache([0, 1]), { dcqlQuery: sets });
    expect(either.verified).toBe(true);
    expect(Object.keys(either.claims!)).toEqual(['second']);

    // Nothing left that satisfies the query: refused, the failed presentation saying why.
    const alone = await verify({ registration: [revoked] }, statusCache([0, 1]));
    expect(alone.verified).toBe(false);
    expect(alone.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['status']);
  });

  it('accepts a KB-JWT signed with the fully specified Ed25519 and with EdDSA (B.3.4)', async () => {
    const ed = generateKeyPairSync('ed25519');
    const edJwk = await exportJWK(ed.publicKey);
    for (const alg of ['Ed25519', 'EdDSA'] as const) {
      const presentation = await presentSdJwtVc({
        compact: await issue(0, undefined, edJwk),
        disclose: requested,
        keyBinding: { nonce: NONCE, audience: CLIENT_ID, issuedAt: NOW - 5, privateKey: ed.privateKey, alg },
      });
      const result = await verify({ registration: [presentation] }, statusCache([0]));
      expect({ alg, verified: result.verified }).toEqual({ alg, verified: true });
    }
  });

  it(`names our trust list with ${OWN_TRUST_LIST_TYPE}, not etsi_tl (§6.1.1), and still reads etsi_tl in stored requests`, async () => {
    const presentation = await present(await issue(0), requested);
    const withAuthority = (type: string, value = TRUST_LIST_URI) => ({
      credentials: [
        {
          id: 'registration',
          format: 'dc+sd-jwt',
          meta: { vct_values: [VCT] },
          claims: [{ path: ['given_name'] }, { path: ['family_name'] }, { path: ['registered_since'] }],
          trusted_authorities: [{ type, values: [value] }],
        },
      ],
    });
    const ours = parseDcqlQuery(withAuthority(OWN_TRUST_LIST_TYPE), { trustListUri: TRUST_LIST_URI });
    expect(ours.credentials[0]!.trusted_authorities).toEqual([
      { type: OWN_TRUST_LIST_TYPE, values: [TRUST_LIST_URI] },
    ]);
    expect(
      (await verify({ registration: [presentation] }, statusCache([0]), { dcqlQuery: ours })).verified,
    ).toBe(true);
    const elsewhere = parseDcqlQuery(withAuthority(OWN_TRUST_LIST_TYPE, 'https://other.example/list.jwt'));
    const refused = await verify({ registration: [presentation] }, statusCache([0]), {
      dcqlQuery: elsewhere,
    });
    expect(refused.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['trusted_authorities']);
    expect(queryForWallet(ours, TRUST_LIST_URI)).toEqual(ours);

    // New requests may not call our list an ETSI trusted list; a stored one that did still works.
    expect(() => parseDcqlQuery(withAuthority('etsi_tl'), { trustListUri: TRUST_LIST_URI })).toThrow(
      /etsi_tl is for ETSI TS 119 612/,
    );
    const stored = parseDcqlQuery(withAuthority('etsi_tl'));
    expect(
      (await verify({ registration: [presentation] }, statusCache([0]), { dcqlQuery: stored })).verified,
    ).toBe(true);
  });
});
