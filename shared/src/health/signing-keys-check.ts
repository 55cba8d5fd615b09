import { randomBytes, sign, verify } from 'node:crypto';
import type { SigningKey } from '../kms.js';
import type { HealthCheck } from './health-check.js';

/**
 * Each key the service signs with now signs a random challenge that its public key verifies:
 * the key was read from the KMS and is usable, not merely configured.
 */
export function signingKeysCheck(keys: () => SigningKey[] | Promise<SigningKey[]>): HealthCheck {
  return {
    name: 'signing_keys',
    run: async () => {
      const current = await keys();
      if (current.length === 0) throw new Error('no signing key');
      const challenge = randomBytes(32);
      for (const key of current) {
        // ES256 keys: ieee-p1363 is the JWS signature encoding.
        const signature = sign('sha256', challenge, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
        const ok = verify('sha256', challenge, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
        if (!ok) throw new Error(`key ${key.kmsKid} does not verify its own signature`);
      }
    },
  };
}
