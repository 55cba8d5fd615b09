import { OAuthError } from '@min-profil/shared/errors';
import { pointsInside, type ResolveHost } from '@min-profil/shared/net/outbound-address';
import type { VerifierContext } from '../context.js';

/**
 * A consumer's callback_url is a URL the verifier will POST to: unless the deployment allows
 * it (`webhookAllowInternal`), it must not name or resolve to a loopback, private or
 * link-local address (SSRF into the operator's network). Checked when the request is created
 * and again before every delivery, since DNS can change in between.
 */
export async function checkCallbackTarget(
  ctx: VerifierContext,
  url: string,
  resolve?: ResolveHost,
): Promise<void> {
  if (ctx.settings.webhookAllowInternal) return;
  if (await pointsInside(new URL(url), resolve)) {
    throw new OAuthError(
      'invalid_request',
      'callback_url points to a loopback, private or link-local address, which this verifier does not call',
    );
  }
}
