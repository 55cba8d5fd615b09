import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { endpointsFor } from '../metadata/endpoints.js';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { assertSameBrowser } from './eid-browser-binding.js';
import type { EidClient } from '@min-profil/shared/oidc-rp/eid-client';
import { RedirectableError } from './start-eid-sign-in.js';

/**
 * The eID provider sent the person back: check it is the browser that consented, read who
 * signed in, hand the wallet a one-time authorization code bound to that person, and redirect
 * to the wallet (RFC 9207 `iss`).
 */
export async function completeAuthorization(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  callbackUrl: string;
  /** The secret from this browser's binding cookie, if it sent one. */
  browserSecret: string | undefined;
  eid: EidClient;
}): Promise<string> {
  const { ctx, holder, eid } = options;
  const params = new URL(options.callbackUrl).searchParams;
  const eidState = params.get('state');
  const request = eidState ? await ctx.store.findAuthorizationRequestByEidState(eidState) : null;
  if (!request || request.holderId !== holder.definition.id) {
    throw new OAuthError(
      'invalid_request',
      'the sign-in response does not belong to an authorization request here',
    );
  }
  if (request.codeHash !== null || request.expiresAt <= ctx.now()) {
    throw new OAuthError(
      'invalid_request',
      'this sign-in has already been completed or has expired; start again',
    );
  }
  // Before anything reaches the wallet, errors included: another browser gets a page here.
  assertSameBrowser(request.browserBinding, options.browserSecret);
  const fail = (code: 'access_denied' | 'server_error', description: string) =>
    new RedirectableError(request.redirectUri, request.state ?? undefined, new OAuthError(code, description));
  if (params.get('error')) throw fail('access_denied', 'the person did not complete the eID sign-in');

  let identityNumber: string;
  try {
    const result = await eid.completeSignIn({
      redirectUri: endpointsFor(holder.issuerUrl).eidCallback,
      callbackUrl: options.callbackUrl,
      expected: { state: request.eidState, nonce: request.eidNonce, codeVerifier: request.eidCodeVerifier },
    });
    identityNumber = result.identity.identityNumber;
  } catch (error) {
    ctx.logger.warn({ holder: holder.definition.id, err: (error as Error).message }, 'eID sign-in failed');
    throw fail('access_denied', 'the eID sign-in could not be verified');
  }

  const code = randomToken();
  if (
    !(await ctx.store.completeAuthorization(
      request.id,
      identityNumber,
      hashSecret(code),
      ctx.now() + ctx.settings.authorizationCodeTtl,
    ))
  ) {
    throw new OAuthError('invalid_request', 'this sign-in has already been completed');
  }
  const redirect = new URL(request.redirectUri);
  redirect.searchParams.set('code', code);
  if (request.state) redirect.searchParams.set('state', request.state);
  redirect.searchParams.set('iss', holder.issuerUrl);
  return redirect.href;
}
