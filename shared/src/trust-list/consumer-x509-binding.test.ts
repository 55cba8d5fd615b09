import { generateKeyPairSync } from 'node:crypto';
import { exportJWK } from 'jose';
import { buildTrustList } from './build-trust-list.js';
import { signTrustList, verifyTrustList } from './sign-trust-list.js';
import { findConsumer } from './trust-queries.js';
import type { TrustList } from './z-trust-list.js';

const operator = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const hash = 'Uvo3HtuIxuhC92rShpgqcT3YXwrqRxWEviRiA0OZszk';
const consumer = {
  id: 'university',
  name: { sv: 'Norrlands universitet', en: 'Norrland University' },
  client_id: 'decentralized_identifier:did:web:verifier.example:consumers:university',
  jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] },
};

async function roundTrip(trustList: TrustList): Promise<TrustList> {
  const jws = await signTrustList({ trustList, privateKey: operator.privateKey, kid: 'op-1' });
  return verifyTrustList({ jws, operatorJwk: await exportJWK(operator.publicKey) });
}

describe("a consumer's x509 binding in the trust list (x509_hash, x509_san_dns client identifiers)", () => {
  it('finds the consumer by its client_id, its certificate hash or its DNS name, and no other', async () => {
    const list = await roundTrip(
      buildTrustList({
        operator: 'test',
        issuers: [],
        consumers: [{ ...consumer, x509: { certificate_hashes: [hash], dns_names: ['university.example'] } }],
        registrations: [],
      }),
    );
    expect(findConsumer(list, consumer.client_id)?.id).toBe('university');
    expect(findConsumer(list, `x509_hash:${hash}`)?.id).toBe('university');
    expect(findConsumer(list, 'x509_san_dns:University.Example')?.id).toBe('university');
    expect(findConsumer(list, `x509_hash:${hash.replace('U', 'V')}`)).toBeUndefined();
    expect(findConsumer(list, 'x509_san_dns:other.example')).toBeUndefined();
    // A DNS name is not a hash, nor the other way round.
    expect(findConsumer(list, 'x509_hash:university.example')).toBeUndefined();
    expect(findConsumer(list, `x509_san_dns:${hash}`)).toBeUndefined();
  });

  it('a consumer without it is found by client_id alone, as before', async () => {
    const list = await roundTrip(
      buildTrustList({ operator: 'test', issuers: [], consumers: [consumer], registrations: [] }),
    );
    expect(list.consumers[0]).not.toHaveProperty('x509');
    expect(findConsumer(list, `x509_hash:${hash}`)).toBeUndefined();
    expect(findConsumer(list, consumer.client_id)?.id).toBe('university');
  });

  it('refuses a list whose binding is malformed (a hash that is not base64url SHA-256)', async () => {
    const list = buildTrustList({
      operator: 'test',
      issuers: [],
      consumers: [{ ...consumer, x509: { certificate_hashes: ['not-a-hash'] } }],
      registrations: [],
    });
    await expect(roundTrip(list)).rejects.toThrow();
  });
});
