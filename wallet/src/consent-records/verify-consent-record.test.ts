import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { HeldCredentialRow } from '../persistence/entities.js';
import type { PlannedAnswer } from '../presentation/plan-answer.js';
import { ConsumerJwtRefused } from './verify-consumer-jwt.js';
import { CONSENT_RECORD_TYP, verifyConsentRecord } from './verify-consent-record.js';

const clientId = 'decentralized_identifier:did:web:verifier.example:consumers:insurer';
const vct = 'https://issuer.example/af/vct/registration-certificate';
const origin = 'https://verifier.example';
const recordId = '2dafd0b9-5985-40f6-9b20-5b1d0a025b83';

/** The consumer's key as the trust list names it, and a stranger's. */
const consumerKeys = await generateKeyPair('ES256');
const strangerKeys = await generateKeyPair('ES256');
const publicJwk: JWK = { ...(await exportJWK(consumerKeys.publicKey)), kid: 'k1' };
const list = {
  consumers: [{ id: 'insurer', client_id: clientId, jwks: { keys: [publicJwk] } }],
} as unknown as TrustList;
const ctx = { trustList: { get: async () => list } } as never;

const share = {
  stored: {
    client: { effective: clientId },
    payload: { nonce: 'n-1' },
    responseUri: `${origin}/openid4vp/responses/1`,
  },
  plan: [
    { queryId: 'registration', row: { vct } as HeldCredentialRow, paths: [['given_name'], ['family_name']] },
  ] as Array<PlannedAnswer<HeldCredentialRow>>,
} as never;

function payload(overrides: Record<string, unknown> = {}) {
  return {
    iss: clientId,
    iat: 1_796_491_808,
    version: '1',
    record_id: recordId,
    nonce: 'n-1',
    controller: {
      id: 'insurer',
      name: { sv: 'T', en: 'T' },
      org_number: '556000-0001',
      contact: { email: 'a@b.example' },
    },
    purpose: 'Ersättning',
    legal_basis: { basis: 'contract', article: 'GDPR Art. 6(1)(b)', description: { sv: 'x', en: 'x' } },
    received: [{ credential_query_id: 'registration', vct, claims: ['given_name'] }],
    received_at: '2026-12-05T17:30:08.000Z',
    retention: { seconds: 60, until: '2026-12-05T17:31:08.000Z' },
    usage_endpoint: `${origin}/consumers/insurer/records/${recordId}/usage`,
    deletion_endpoint: `${origin}/consumers/insurer/records/${recordId}/deletion-request`,
    ...overrides,
  };
}

const sign = (body: Record<string, unknown>, key = consumerKeys.privateKey, typ = CONSENT_RECORD_TYP) =>
  new SignJWT(body).setProtectedHeader({ alg: 'ES256', typ, kid: 'k1' }).sign(key);

const refusal = async (jwt: Promise<string>) => {
  try {
    await verifyConsentRecord(ctx, share, await jwt);
    return 'accepted';
  } catch (error) {
    if (error instanceof ConsumerJwtRefused) return error.reason;
    throw error;
  }
};

describe('the wallet’s check of a consent record against the share it just made', () => {
  it('accepts a record signed by the asker about fields that went out', async () => {
    await expect(verifyConsentRecord(ctx, share, await sign(payload()))).resolves.toMatchObject({
      record_id: recordId,
    });
  });

  it.each([
    ['signed by another key', () => sign(payload(), strangerKeys.privateKey), 'bad_signature'],
    ['with another typ', () => sign(payload(), consumerKeys.privateKey, 'JWT'), 'wrong_typ'],
    [
      'issued by another client',
      () => sign(payload({ iss: 'decentralized_identifier:did:web:other' })),
      'wrong_issuer',
    ],
    ['about another request', () => sign(payload({ nonce: 'n-2' })), 'other_request'],
    [
      'naming a field that was not sent',
      () =>
        sign(
          payload({
            received: [{ credential_query_id: 'registration', vct, claims: ['personal_identity_number'] }],
          }),
        ),
      'fields_not_sent',
    ],
    [
      'naming a query that was not answered',
      () => sign(payload({ received: [{ credential_query_id: 'diploma', vct, claims: [] }] })),
      'fields_not_sent',
    ],
    [
      'naming another credential type',
      () => sign(payload({ received: [{ credential_query_id: 'registration', vct: 'other', claims: [] }] })),
      'fields_not_sent',
    ],
    [
      'sending the capability elsewhere',
      () => sign(payload({ deletion_endpoint: 'https://attacker.example/collect' })),
      'foreign_endpoint',
    ],
    ['not a JWT', async () => 'not-a-jwt', 'malformed'],
    ['missing members', () => sign({ iss: clientId }), 'malformed_record'],
  ])('drops a record %s', async (_name, make, reason) => {
    expect(await refusal(make())).toBe(reason);
  });
});
