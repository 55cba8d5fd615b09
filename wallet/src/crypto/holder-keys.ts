import { calculateJwkThumbprint, type JWK } from 'jose';
import {
  loadSigningKey,
  signingKeyFromPrivateHex,
  type KeyAgentHandle,
  type SigningKey,
} from '@min-profil/shared/kms';
import { newP256PrivateKeyHex } from '@min-profil/shared/signing/native-local-kms';

/**
 * Holder keys: one fresh P-256 key per credential copy, created and kept (encrypted) by the
 * Veramo KMS. The only module of the wallet that talks to the KMS.
 */
export async function createHolderKey(keys: KeyAgentHandle): Promise<SigningKey> {
  // Made here by OpenSSL and handed to the KMS to keep, so the key in hand is used as it is
  // rather than read back and decrypted (two queries and a decryption less per copy).
  const privateKeyHex = newP256PrivateKeyHex();
  const key = await keys.agent.keyManagerImport({ type: 'Secp256r1', kms: 'local', privateKeyHex });
  return signingKeyFromPrivateHex(key.kid, privateKeyHex);
}

export async function loadHolderKey(keys: KeyAgentHandle, kmsKid: string): Promise<SigningKey> {
  return loadSigningKey(keys, kmsKid);
}

export async function deleteHolderKeys(keys: KeyAgentHandle, kmsKids: string[]): Promise<void> {
  for (const kid of kmsKids) {
    try {
      await keys.agent.keyManagerDelete({ kid });
    } catch {
      // Already gone: nothing to do.
    }
  }
}

export async function jwkThumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(jwk, 'sha256');
}
