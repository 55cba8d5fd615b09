import { createHash } from 'node:crypto';
import type { CookieOptions } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime } from '../context.js';
import { endpointsFor } from '../metadata/endpoints.js';
import { hashSecret, randomToken, safeEqual } from '@min-profil/shared/secrets';

/**
 * Binds the eID step to the browser that pressed Fortsätt on the consent page. The decision
 * sets an HttpOnly cookie with a fresh secret (only its hash is stored on the authorization
 * request); `/{holder}/eid/callback` completes the request only when that cookie comes back.
 * Without it, an eID callback URL (code and state) passed to, or lifted by, someone else
 * would finish the authorization in their browser and send the code to the wallet there
 * (authorization request forgery: RFC 6749 §10.12, RFC 9700 §4.7; the wallet's own fetch
 * start link does the same on its side).
 */

/** One cookie per sign-in, so two sign-ins in one browser do not overwrite each other. */
export function eidBindingCookieName(eidState: string): string {
  return `min_profil_eid_${createHash('sha256').update(eidState).digest('hex').slice(0, 16)}`;
}

/** A new secret for the browser and the hash to store with the request. */
export function newBrowserBinding(): { secret: string; hash: string } {
  const secret = randomToken();
  return { secret, hash: hashSecret(secret) };
}

/** Sent only to this holder's eID callback, never readable by script, not on cross-site POSTs. */
export function eidBindingCookieScope(holder: HolderRuntime): CookieOptions {
  const callback = new URL(endpointsFor(holder.issuerUrl).eidCallback);
  return { httpOnly: true, sameSite: 'lax', secure: callback.protocol === 'https:', path: callback.pathname };
}

/**
 * The callback must come from the browser that consented: the cookie's secret must hash to
 * the stored value (compared in constant time). A row without a binding is refused too.
 */
export function assertSameBrowser(expectedHash: string | null, secret: string | undefined): void {
  if (expectedHash === null || secret === undefined || !safeEqual(hashSecret(secret), expectedHash)) {
    throw new OAuthError(
      'access_denied',
      'the eID sign-in finished in another browser than the one that chose to continue on this page; nothing was issued',
      { status: 403, extra: { page_hint: 'other_browser' } },
    );
  }
}
