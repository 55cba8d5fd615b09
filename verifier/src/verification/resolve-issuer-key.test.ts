import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { jwtVcIssuerMetadataUrl, resolveIssuerKey } from './resolve-issuer-key.js';

/** A real issuer metadata server on 127.0.0.1: the documents it serves, by path. */
let server: Server;
let origin: string;
const documents = new Map<string, unknown>();
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url!);
    const body = documents.get(req.url!);
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(body === undefined ? '{}' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  documents.clear();
  requested.length = 0;
});

async function rotatedKey(kid: string): Promise<JWK> {
  return { ...(await exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)), kid };
}

function trusted(credentialIssuer: string): TrustedIssuer {
  return {
    id: 'af',
    name: { sv: 'AF', en: 'AF' },
    credential_issuer: credentialIssuer,
    jwks: { keys: [] },
    credential_types: [],
  } as unknown as TrustedIssuer;
}

describe('resolveIssuerKey (SD-JWT VC issuer metadata)', () => {
  it('removes a terminating / of the issuer path before inserting the well-known segment (§5.1)', () => {
    expect(jwtVcIssuerMetadataUrl('https://issuer.example/af/')).toBe(
      'https://issuer.example/.well-known/jwt-vc-issuer/af',
    );
    expect(jwtVcIssuerMetadataUrl('https://issuer.example/')).toBe(
      'https://issuer.example/.well-known/jwt-vc-issuer',
    );
  });

  it('finds a rotated key for an issuer whose identifier ends in /', async () => {
    const key = await rotatedKey('af-2');
    const iss = `${origin}/af/`;
    documents.set('/.well-known/jwt-vc-issuer/af', { issuer: iss, jwks: { keys: [key] } });
    const found = await resolveIssuerKey({
      issuer: trusted(iss),
      header: { kid: 'af-2' },
      allowInsecureUrls: true,
    });
    expect(found).toEqual(key);
  });

  it('follows jwks_uri when the metadata gives its keys by reference', async () => {
    const key = await rotatedKey('af-3');
    const iss = `${origin}/af`;
    documents.set('/.well-known/jwt-vc-issuer/af', { issuer: iss, jwks_uri: `${origin}/af/jwks.json` });
    documents.set('/af/jwks.json', { keys: [key] });
    const found = await resolveIssuerKey({
      issuer: trusted(iss),
      header: { kid: 'af-3' },
      allowInsecureUrls: true,
    });
    expect(found).toEqual(key);
    expect(requested).toEqual(['/.well-known/jwt-vc-issuer/af', '/af/jwks.json']);
  });

  it('refuses metadata with both jwks and jwks_uri', async () => {
    const iss = `${origin}/af`;
    documents.set('/.well-known/jwt-vc-issuer/af', {
      issuer: iss,
      jwks: { keys: [await rotatedKey('af-4')] },
      jwks_uri: `${origin}/af/jwks.json`,
    });
    await expect(
      resolveIssuerKey({ issuer: trusted(iss), header: { kid: 'af-4' }, allowInsecureUrls: true }),
    ).rejects.toThrow(/jwks and jwks_uri/);
  });
});
