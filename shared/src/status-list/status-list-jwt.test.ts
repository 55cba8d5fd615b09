import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { encodeStatusList } from './encode-status-list.js';
import { createStatusListJwt, verifyStatusListJwt } from './status-list-jwt.js';
import { STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID } from './status-values.js';
import { readStatusListVector } from './testing/read-status-list-vectors.js';

const exampleJwt = readStatusListVector('ietf-examples', 'status_list_jwt_raw.md').replace(/\s+/g, '');
const exampleKey = JSON.parse(readStatusListVector('example-issuer-public-jwk.json')) as JWK;
const EXAMPLE_URI = 'https://example.com/statuslists/1';
const EXAMPLE_IAT = 1686920170;

const issuer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = { privateKey: issuer.privateKey, kid: 'status-1', alg: 'ES256' as const };
const URI = 'https://issuer.example/af/status/1';
const NOW = 1_750_000_000;

describe('verifyStatusListJwt with the draft example', () => {
  it('verifies the signed example at its iat and reads its statuses', async () => {
    const verified = await verifyStatusListJwt({
      jwt: exampleJwt,
      expectedUri: EXAMPLE_URI,
      resolveKey: async ({ header }) => {
        expect(header.kid).toBe(exampleKey.kid);
        return exampleKey;
      },
      now: EXAMPLE_IAT,
    });
    expect(verified).toMatchObject({ bits: 1, ttl: 43200, iat: EXAMPLE_IAT, exp: 2291720170 });
    // The same list as status_list_encoding_json.md: 0xb9 0xa3.
    expect([0, 1, 2, 3, 7, 8, 15].map((idx) => verified.list.get(idx))).toEqual([1, 0, 0, 1, 1, 1, 1]);
  });

  it('refuses the example for a credential pointing at another list', async () => {
    await expect(
      verifyStatusListJwt({
        jwt: exampleJwt,
        expectedUri: 'https://example.com/statuslists/2',
        resolveKey: async () => exampleKey,
        now: EXAMPLE_IAT,
      }),
    ).rejects.toMatchObject({ code: 'sub_mismatch' });
  });

  it('refuses the example after its exp and under another key', async () => {
    const verify = (now: number, key: JWK) =>
      verifyStatusListJwt({ jwt: exampleJwt, expectedUri: EXAMPLE_URI, resolveKey: async () => key, now });
    await expect(verify(2291720170 + 3600, exampleKey)).rejects.toMatchObject({ code: 'expired' });
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const other = publicKey.export({ format: 'jwk' }) as JWK;
    await expect(verify(EXAMPLE_IAT, other)).rejects.toMatchObject({ code: 'invalid_signature' });
  });
});

describe('createStatusListJwt', () => {
  const statuses = Uint8Array.from([STATUS_VALID, STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID]);

  it('signs a statuslist+jwt the verifier reads back', async () => {
    const jwt = await createStatusListJwt({
      uri: URI,
      issuer: 'https://issuer.example/af',
      ...encodeStatusList({ statuses, bits: 2 }),
      ttl: 600,
      issuedAt: NOW,
      expiresAt: NOW + 86400,
      signer,
    });
    const header = JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(header).toEqual({ alg: 'ES256', typ: 'statuslist+jwt', kid: 'status-1' });
    const verified = await verifyStatusListJwt({
      jwt,
      expectedUri: URI,
      resolveKey: async ({ iss }) => {
        expect(iss).toBe('https://issuer.example/af');
        return issuer.publicKey;
      },
      now: NOW,
    });
    expect(verified).toMatchObject({ bits: 2, ttl: 600, iat: NOW, exp: NOW + 86400 });
    expect([0, 1, 2, 3].map((idx) => verified.list.get(idx))).toEqual([...statuses]);
  });

  it('refuses a token of another typ and one whose list is a bomb', async () => {
    const plain = await new SignJWT({ sub: URI, iat: NOW, status_list: { bits: 1, lst: 'eNrbuRgAAhcBXQ' } })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .sign(issuer.privateKey);
    const resolveKey = async () => issuer.publicKey;
    await expect(
      verifyStatusListJwt({ jwt: plain, expectedUri: URI, resolveKey, now: NOW }),
    ).rejects.toMatchObject({
      code: 'unsupported_typ',
    });
    const bomb = encodeStatusList({ statuses: new Uint8Array(8 * 1024 * 1024), bits: 8 });
    const jwt = await createStatusListJwt({ uri: URI, ...bomb, ttl: 60, issuedAt: NOW, signer });
    await expect(
      verifyStatusListJwt({
        jwt,
        expectedUri: URI,
        resolveKey,
        now: NOW,
        limits: { maxDecompressedBytes: 1024 },
      }),
    ).rejects.toMatchObject({ code: 'too_large' });
  });
});
