import { calculateJwkThumbprint, type JWK } from 'jose';
import { loadSigningKey, type KeyAgentHandle, type SigningKey } from '@min-profil/shared/kms';

/**
 * Holder keys: one fresh P-256 key per credential copy, created and kept (encrypted) by the
 * Veramo KMS. The only module of the wallet that talks to the KMS.
 */
export async function createHolderKey(keys: KeyAgentHandle): Promise<SigningKey> {
  const key = await keys.agent.keyManagerCreate({ type: 'Secp256r1', kms: 'local' });
  return loadSigningKey(keys, key.kid);
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
