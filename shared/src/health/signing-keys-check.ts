import { randomBytes, verify } from 'node:crypto';
import type { KeyHandle } from '../signing/signer.js';
import type { HealthCheck } from './health-check.js';

/**
 * Each key the service signs with now signs a random challenge that its public key verifies:
 * the key was read from the KMS (or found in the PKCS#11 token) and is usable, not merely
 * configured.
 */
export function signingKeysCheck(keys: () => KeyHandle[] | Promise<KeyHandle[]>): HealthCheck {
  return {
    name: 'signing_keys',
    run: async () => {
      const current = await keys();
      if (current.length === 0) throw new Error('no signing key');
      const challenge = randomBytes(32);
      for (const key of current) {
        // ES256 keys: ieee-p1363 is the JWS signature encoding.
        const signature = await key.signer.sign(challenge);
        const ok = verify('sha256', challenge, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
        if (!ok) throw new Error(`key ${key.kmsKid} does not verify its own signature`);
      }
    },
  };
}
