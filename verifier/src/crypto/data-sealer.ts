import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest of what persons disclose to the verifier: verified claim values, approval
 * documents and evidence, standing-permission profile copies and pending webhook bodies.
 * Envelope encryption as in the wallet: each consumer has its own 256-bit data key, kept in the
 * database only wrapped by the master data key from configuration (consumer-data-keys.ts).
 * AES-256-GCM with a 96-bit random IV (NIST SP 800-38D §8.2.2); the AAD names the table, column
 * and row, so a sealed value copied to another row does not open.
 *
 * Format (as the wallet's): `v1.<iv>.<ciphertext>.<tag>` (base64url). A value without that
 * marker is a row written before encryption was introduced and is read as it is
 * (`sealLegacyRows` seals those at start-up).
 */
export interface DataSealer {
  sealJson(consumerId: string, aad: string, value: unknown): string;
  /** The value, whether sealed or stored in clear by an older version. */
  openJson<T>(consumerId: string, aad: string, stored: unknown): T;
  sealText(consumerId: string, aad: string, value: string): string;
  openText(consumerId: string, aad: string, stored: string): string;
}

const marker = 'v1.';

export function isSealed(stored: unknown): stored is string {
  return typeof stored === 'string' && stored.startsWith(marker);
}

/**
 * The master data key: 64 hex characters from configuration (`VERIFIER_DATA_KEY`), or derived
 * from the KMS key (HKDF-SHA256, its own `info`, so the two keys stay independent) when the
 * deployment sets none.
 */
export function resolveMasterDataKey(options: { dataKey?: string; kmsSecretKey: string }): Buffer {
  if (options.dataKey) {
    if (!/^[0-9a-fA-F]{64}$/.test(options.dataKey)) throw new Error('the data key must be 64 hex characters');
    return Buffer.from(options.dataKey, 'hex');
  }
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(options.kmsSecretKey, 'hex'),
      Buffer.alloc(0),
      'min-profil verifier data key v1',
      32,
    ),
  );
}

export function seal(key: Buffer, aad: string, plaintext: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return marker + [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

export function open(key: Buffer, aad: string, sealed: string): Buffer {
  const [iv, ciphertext, tag] = sealed.slice(marker.length).split('.');
  if (!isSealed(sealed) || iv === undefined || ciphertext === undefined || tag === undefined) {
    throw new Error('not a sealed value');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}

/** `keyFor`: the consumer's data key (throws for a consumer without one). */
export function createDataSealer(keyFor: (consumerId: string) => Buffer): DataSealer {
  return {
    sealJson: (consumerId, aad, value) =>
      seal(keyFor(consumerId), aad, Buffer.from(JSON.stringify(value), 'utf8')),
    openJson: <T>(consumerId: string, aad: string, stored: unknown): T =>
      isSealed(stored)
        ? (JSON.parse(open(keyFor(consumerId), aad, stored).toString('utf8')) as T)
        : (stored as T),
    sealText: (consumerId, aad, value) => seal(keyFor(consumerId), aad, Buffer.from(value, 'utf8')),
    openText: (consumerId, aad, stored) =>
      isSealed(stored) ? open(keyFor(consumerId), aad, stored).toString('utf8') : stored,
  };
}
