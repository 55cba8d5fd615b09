import { generateKeyPairSync } from 'node:crypto';
import { exportJWK } from 'jose';
import { createCa } from '../pki/create-ca.js';
import { createCrl } from '../pki/create-crl.js';
import { issueCertificate } from '../pki/issue-certificate.js';
import { validateX5cChain } from '../pki/validate-x5c-chain.js';
import { certificateToBase64, generateP256KeyPair } from '../pki/x509-provider.js';
import { buildTrustList } from './build-trust-list.js';
import { signTrustList, verifyTrustList } from './sign-trust-list.js';
import { x509TrustAnchors } from './trust-queries.js';
import type { TrustList } from './z-trust-list.js';

const operator = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const crlUri = 'https://ca.example/crl';

async function roundTrip(trustList: TrustList): Promise<TrustList> {
  const jws = await signTrustList({ trustList, privateKey: operator.privateKey, kid: 'op-1' });
  return verifyTrustList({ jws, operatorJwk: await exportJWK(operator.publicKey) });
}

describe('the trust list names CAs (x509_trust_anchors)', () => {
  it('a version 2 list without CAs still loads, and trusts no x5c chain', async () => {
    const list = await roundTrip(
      buildTrustList({ operator: 'test', issuers: [], consumers: [], registrations: [] }),
    );
    expect(list.version).toBe(2);
    expect(list).not.toHaveProperty('x509_trust_anchors');
    expect(x509TrustAnchors(list)).toEqual([]);
    const v1: TrustList = {
      version: 1,
      operator: 'test',
      issued_at: '2026-11-29T00:00:00Z',
      issuers: [],
      consumers: [],
    };
    expect(x509TrustAnchors(await roundTrip(v1))).toEqual([]);
  });

  it('a list naming the demo CA carries its certificate to the relying side, which validates chains with it', async () => {
    const ca = await createCa({ name: 'CN=Min profil demo CA' });
    const anchor = { certificate: certificateToBase64(ca.certificate), crl_uri: crlUri };
    const list = await roundTrip(
      buildTrustList({
        operator: 'test',
        issuers: [],
        consumers: [],
        registrations: [],
        x509TrustAnchors: [anchor],
      }),
    );
    expect(x509TrustAnchors(list)).toEqual([anchor]);
    const keys = await generateP256KeyPair();
    const leaf = await issueCertificate(ca, {
      subject: { role: 'holder', name: 'AF', host: 'issuer.example' },
      publicKey: keys.publicKey,
      serialNumber: '1234',
    });
    const crl = await createCrl(ca, []);
    const result = await validateX5cChain([certificateToBase64(leaf)], x509TrustAnchors(list), {
      expectedHost: 'issuer.example',
      crlFetcher: async () => new Uint8Array(crl.rawData),
    });
    expect(result.leaf.serialNumber).toBe('1234');
  });

  it('refuses a list whose CA entry is not a base64 certificate', async () => {
    const built = buildTrustList({
      operator: 'test',
      issuers: [],
      consumers: [],
      registrations: [],
      x509TrustAnchors: [{ certificate: '-----BEGIN CERTIFICATE-----', crl_uri: crlUri }],
    });
    await expect(roundTrip(built)).rejects.toThrow(/x509_trust_anchors/);
  });
});
