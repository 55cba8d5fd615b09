import { resourceRequest } from '@openid4vc/oauth2';
import { OAuthError } from '@min-profil/shared/errors';
import { toIssuerError } from '../credential-offer/issuer-errors.js';
import type { WalletContext } from '../context.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';
import { dpopOptions, importDpopKey } from '../crypto/dpop-key.js';
import type { AccountRow } from '../persistence/entities.js';
import { openOmbudTokens } from './ombud-tokens.js';

/** The person must sign in at Mina ombud (again): the web app offers the sign-in. */
export function signInNeeded(message: string): OAuthError {
  return new OAuthError('access_denied', message, { status: 409, extra: { sign_in: true } });
}

/** A holder's `error_description`, kept short and printable, to show the person why. */
function holderReason(body: unknown): string | undefined {
  const text = (body as { error_description?: unknown } | null)?.error_description;
  return typeof text === 'string' ? text.replace(/[^\p{L}\p{N} .,:;()'’/_-]/gu, '').slice(0, 200) : undefined;
}

/**
 * One request to Mina ombud's `/ombud/mandates` API on the person's behalf, with the access
 * token of their current `mandates` sign-in (DPoP-bound where the holder takes DPoP). The
 * holder's refusals keep their meaning: `400` stays `invalid_request` with the holder's reason,
 * `404` stays `not_found`; a token it no longer takes ends the sign-in here too.
 */
export async function callOmbud(
  ctx: WalletContext,
  account: AccountRow,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown },
): Promise<{ status: number; body: unknown }> {
  const row = await ctx.store.findOmbudSignIn(account.id);
  if (!row || row.expiresAt <= ctx.now()) {
    if (row) await ctx.store.deleteOmbudSignIn(account.id);
    throw signInNeeded('sign in at Mina ombud to manage your powers of attorney');
  }
  const tokens = openOmbudTokens(ctx, account, row);
  const dpopKey = tokens.dpopKey ? importDpopKey(tokens.dpopKey) : undefined;
  const answer = await resourceRequest({
    callbacks: createClientCallbacks({
      fetch: ctx.fetch,
      clientId: ctx.settings.oauthClientId,
      signingKeys: dpopKey ? [dpopKey] : [],
    }),
    accessToken: tokens.accessToken,
    url: `${row.credentialIssuer}${request.path}`,
    requestOptions: {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    },
    ...(dpopKey ? { dpop: dpopOptions(dpopKey, tokens.dpopNonce) } : {}),
  }).catch((e: unknown) => {
    throw toIssuerError(e, 'Mina ombud');
  });
  const status = answer.response.status;
  const body: unknown = await answer.response.json().catch(() => null);
  if (answer.ok) return { status, body };
  if (status === 401) {
    await ctx.store.deleteOmbudSignIn(account.id);
    throw signInNeeded('Mina ombud no longer accepts the sign-in: sign in again');
  }
  if (status === 400) {
    throw new OAuthError('invalid_request', holderReason(body) ?? 'Mina ombud refused the request');
  }
  if (status === 404) throw new OAuthError('not_found', 'no such power of attorney given by you');
  throw new OAuthError('access_denied', `Mina ombud answered HTTP ${status}`, { status: 502 });
}
