import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9), stateless so that any instance accepts a nonce
 * another one handed out: `<issued-at, base36>.<HMAC-SHA256 over holder and issued-at>` under a
 * key derived from the issuer's code secret. A nonce is fresh for `ttl` seconds; the proof's own
 * `jti` (spent in the database) is what stops a replay within that time.
 */
function mac(secret: Buffer, holderId: string, issuedAt: string): Buffer {
  const key = createHmac('sha256', secret).update('min-profil dpop-nonce v1').digest();
  return createHmac('sha256', key).update(`${holderId}\n${issuedAt}`).digest();
}

export function issueDpopNonce(secret: Buffer, holderId: string, now: number): string {
  const issuedAt = now.toString(36);
  return `${issuedAt}.${mac(secret, holderId, issuedAt).toString('base64url')}`;
}

/** When a fresh nonce of this server stops being accepted; undefined for a stale, forged or absent one. */
export function dpopNonceExpiry(options: {
  secret: Buffer;
  holderId: string;
  nonce: unknown;
  now: number;
  ttl: number;
}): number | undefined {
  if (typeof options.nonce !== 'string') return undefined;
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(options.nonce);
  if (!match) return undefined;
  const issuedAt = parseInt(match[1], 36);
  // A nonce from the future is as unknown as a forged one (a small clock step between instances is not).
  if (issuedAt > options.now + 5 || issuedAt <= options.now - options.ttl) return undefined;
  const genuine = timingSafeEqual(
    Buffer.from(match[2], 'base64url'),
    mac(options.secret, options.holderId, match[1]),
  );
  return genuine ? issuedAt + options.ttl : undefined;
}
