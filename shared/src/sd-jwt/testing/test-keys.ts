import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import type { SdJwtSigner } from '../issue-sd-jwt-vc.js';

export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
}

export async function createTestKeyPair(namedCurve: 'P-256' | 'P-384' = 'P-256'): Promise<TestKeyPair> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
  return { privateKey, publicKey, publicJwk: await exportJWK(publicKey) };
}

export function createTestSigner(pair: TestKeyPair, kid = 'issuer-key-1'): SdJwtSigner {
  return { privateKey: pair.privateKey, kid, alg: 'ES256' };
}
