import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption at rest: each person has a 256-bit data key; the database keeps it only
 * wrapped (AES-256-GCM) by the wallet's master key from config. Sealed values are bound to
 * their row by the AAD, so a sealed blob copied to another row or person does not open.
 *
 * Format: `v1.<iv>.<ciphertext>.<tag>` (base64url), 96-bit random IV (NIST SP 800-38D §8.2.2).
 */
export interface DataKeys {
  /** A fresh data key and its wrapped form for the account. */
  createDataKey(accountId: string): { dataKey: Buffer; wrapped: string };
  unwrapDataKey(accountId: string, wrapped: string): Buffer;
  /** Wraps an existing data key (master-key rotation). */
  wrapDataKey(accountId: string, dataKey: Buffer): string;
}

export function createDataKeys(masterKey: Buffer): DataKeys {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  return {
    createDataKey(accountId) {
      const dataKey = randomBytes(32);
      return { dataKey, wrapped: seal(masterKey, `account-key:${accountId}`, dataKey) };
    },
    unwrapDataKey(accountId, wrapped) {
      return open(masterKey, `account-key:${accountId}`, wrapped);
    },
    wrapDataKey(accountId, dataKey) {
      return seal(masterKey, `account-key:${accountId}`, dataKey);
    },
  };
}

export function seal(key: Buffer, aad: string, plaintext: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ['v1', iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function open(key: Buffer, aad: string, sealed: string): Buffer {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || ciphertext === undefined || tag === undefined) {
    throw new Error('not a sealed value');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}

export function sealJson(key: Buffer, aad: string, value: unknown): string {
  return seal(key, aad, Buffer.from(JSON.stringify(value), 'utf8'));
}

export function openJson<T>(key: Buffer, aad: string, sealed: string): T {
  return JSON.parse(open(key, aad, sealed).toString('utf8')) as T;
}
