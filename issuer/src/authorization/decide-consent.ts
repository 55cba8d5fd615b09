import { OAuthError } from '@min-profil/shared/errors';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { hashSecret } from '@min-profil/shared/secrets';
import type { EidClient } from '@min-profil/shared/oidc-rp/eid-client';
import { chooseLang } from './page-texts.js';
import { consentPageFor } from './open-consent.js';
import { startEidSignIn } from './start-eid-sign-in.js';
import { zConsentDecision } from './z-authorization-request.js';

/** `eidBinding`: the cookie that binds the eID step to this browser (set with the redirect). */
export type ConsentOutcome =
  { redirect: string; eidBinding?: { eidState: string; secret: string } } | { page: string };

/**
 * The consent page's form. Its one-time token is bound to the stored request, so a page of
 * another site cannot post a decision (CSRF), and a decision is taken once: Fortsätt starts
 * the eID sign-in; Avbryt sends access_denied to the registered redirect URI with `state` and
 * `iss` (RFC 6749 §4.1.2.1, RFC 9207). Changing the language shows the page again.
 */
export async function decideConsent(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  body: unknown;
  eid: EidClient;
}): Promise<ConsentOutcome> {
  const { ctx, holder } = options;
  const form = parseWithSchema(zConsentDecision, options.body, { what: 'consent form' });
  const request = await ctx.pushedRequests.findByConsentTokenHash(hashSecret(form.consent_token));
  const now = ctx.now();
  if (!request || request.holderId !== holder.definition.id) {
    throw new OAuthError('invalid_request', 'this page is not known here; start again from your wallet');
  }
  if (request.decidedAt !== null || request.expiresAt <= now) {
    throw new OAuthError('invalid_request', 'this page has expired or has already been answered');
  }

  if (form.decision === 'language') {
    const lang = chooseLang(form.lang, request.uiLocales);
    const client = await ctx.clients.findClient(request.clientId);
    if (!client) throw new OAuthError('invalid_client', 'the client is no longer registered at this issuer');
    return { page: consentPageFor({ holder, request, client, lang, consentToken: form.consent_token }) };
  }

  if (!(await ctx.pushedRequests.decide(request.id, now))) {
    throw new OAuthError('invalid_request', 'this page has expired or has already been answered');
  }
  if (form.decision === 'cancel') {
    const back = new URL(request.redirectUri);
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('error_description', 'the person stopped before signing in');
    if (request.state) back.searchParams.set('state', request.state);
    back.searchParams.set('iss', holder.issuerUrl);
    return { redirect: back.href };
  }
  const started = await startEidSignIn({ ctx, holder, request, eid: options.eid });
  return { redirect: started.url, eidBinding: { eidState: started.eidState, secret: started.browserSecret } };
}
