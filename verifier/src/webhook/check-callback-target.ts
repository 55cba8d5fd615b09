import { OAuthError } from '@min-profil/shared/errors';
import {
  assertOutboundTarget,
  OutboundRefused,
  type ResolveHost,
} from '@min-profil/shared/net/outbound-policy';
import type { VerifierContext } from '../context.js';

/**
 * A consumer's callback_url is a URL the verifier will POST to: under the webhook policy
 * (`ctx.webhookPolicy`) it must not name or resolve to a loopback, private or link-local
 * address (SSRF into the operator's network) unless the deployment allows it, and a name
 * that does not resolve is refused too (fail closed). Checked when the request is created;
 * each delivery's connection is checked again by the webhook fetch, since DNS can change.
 */
export async function checkCallbackTarget(
  ctx: VerifierContext,
  url: string,
  resolve?: ResolveHost,
): Promise<void> {
  const policy = {
    ...ctx.webhookPolicy,
    allowInternal: ctx.settings.webhookAllowInternal,
    // Scheme rules for callback_url are the request's own (create-presentation-request).
    allowHttp: true,
    ...(resolve ? { resolve } : {}),
  };
  try {
    await assertOutboundTarget(policy, url);
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    throw new OAuthError('invalid_request', `callback_url: ${error.message}`);
  }
}
