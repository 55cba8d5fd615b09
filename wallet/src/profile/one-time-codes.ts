import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import type { CodeChannel } from '../persistence/profile-entities.js';
import type { ProfileEmail, ProfilePhone, StoredProfile } from './profile-model.js';

/** Limits of the one-time codes that verify an e-mail address or phone number. */
export const codeRules = {
  /** Seconds a code is valid. */
  ttl: 600,
  /** Wrong tries before a code is used up. */
  maxAttempts: 5,
  /** Seconds before a new code can be sent for the same entry. */
  resendAfter: 60,
  /** Codes per person per hour, over all entries. */
  perHour: 10,
};

export function createCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Codes and the values they were sent to are kept only as HMACs under the person's data key:
 * a 6-digit code has too little entropy for a plain hash to protect it in a copied database.
 */
export function hashCode(dataKey: Buffer, codeId: string, code: string): string {
  return createHmac('sha256', dataKey).update(`profile-code:${codeId}:${code}`).digest('base64url');
}

export function hashValue(dataKey: Buffer, channel: CodeChannel, value: string): string {
  return createHmac('sha256', dataKey).update(`profile-value:${channel}:${value}`).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The e-mail address or phone number an entry holds, or 404. */
export function findEntry(
  profile: StoredProfile,
  channel: CodeChannel,
  itemId: string,
): { entry: ProfileEmail | ProfilePhone; value: string } {
  if (channel === 'email') {
    const entry = profile.emails.find((e) => e.id === itemId);
    if (entry) return { entry, value: entry.address };
  } else {
    const entry = profile.phones.find((p) => p.id === itemId);
    if (entry) return { entry, value: entry.number };
  }
  throw new OAuthError(
    'not_found',
    `no ${channel === 'email' ? 'e-mail address' : 'phone number'} with this id`,
  );
}

/** A code check that failed, with what the person may do next (no secret in it). */
export function codeRefused(
  reason: 'no_code' | 'expired' | 'wrong_code' | 'locked' | 'value_changed',
  description: string,
  attemptsLeft?: number,
): OAuthError {
  return new OAuthError('invalid_grant', description, {
    extra: { reason, ...(attemptsLeft === undefined ? {} : { attempts_left: attemptsLeft }) },
  });
}
