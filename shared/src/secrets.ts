import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A 256-bit random value, base64url: codes, tokens, nonces, transaction ids. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are stored as their SHA-256, so a database dump cannot redeem them. */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Decimal digits for codes a person types (transaction codes). */
export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/** Constant-time comparison, so timing does not leak how much of a secret matched. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
