import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { browserSafeUrl, describeUrlForLog } from '@min-profil/shared/net/browser-url';
import type { WalletContext } from '../context.js';
import type { StoredPresentationRequest } from './resolve-presentation-request.js';

const zVerifierAnswer = z
  .object({
    redirect_uri: z.string().max(4000).optional(),
    // Our own member (docs/consent-records.md); a verifier that does not send it is fine.
    consent_record: z
      .object({ record: z.string().min(1).max(16_000), capability: z.string().min(16).max(200) })
      .optional()
      .catch(undefined),
  })
  .loose();

/** What posting needs of the wallet: its fetch, its URL policy and where to warn. */
export type VerifierTransport = Pick<WalletContext, 'fetch' | 'allowInsecureUrls' | 'logger'>;

/** What posting needs of the request: where and how to answer, and the verifier's keys. */
export type ResponseTarget = Pick<
  StoredPresentationRequest,
  'payload' | 'client' | 'responseMode' | 'responseUri'
>;

/**
 * The answer's fields: the `vp_token` (with the `standing_permission_id` next to it when a
 * standing permission is granted), or, without one, `error=access_denied` (the person declined).
 */
export function answerFields(
  vpToken: Record<string, string[]> | undefined,
  standingPermissionId: string | undefined,
  /** docs/cases.md: the case the person opened with this answer. */
  openedCase?: { case_id: string; case_inbox: string },
): Record<string, unknown> {
  if (!vpToken) return { error: 'access_denied', error_description: 'the person declined to share' };
  return {
    vp_token: vpToken,
    // A form field next to vp_token, or a member of the encrypted payload.
    ...(standingPermissionId ? { standing_permission_id: standingPermissionId } : {}),
    ...(openedCase ?? {}),
  };
}

/**
 * OpenID4VP 1.0 §8.3.1: for direct_post.jwt the response is a JWE to the verifier's key from
 * `client_metadata.jwks` (ECDH-ES, `enc` from `encrypted_response_enc_values_supported`).
 */
export async function encryptResponse(
  clientMetadata: Record<string, unknown>,
  body: Record<string, unknown>,
) {
  const keys = ((clientMetadata.jwks as { keys?: JWK[] } | undefined)?.keys ?? []).filter(
    (k) =>
      k.kty === 'EC' &&
      (k.use === undefined || k.use === 'enc') &&
      (k.alg === undefined || k.alg.startsWith('ECDH-ES')),
  );
  const jwk = keys[0];
  if (!jwk)
    throw new OAuthError(
      'invalid_request',
      'the verifier asks for an encrypted answer but gives no encryption key',
    );
  const encs = (clientMetadata.encrypted_response_enc_values_supported as string[] | undefined) ?? [
    'A128GCM',
  ];
  // HAIP 1.0 §5: a wallet that supports both SHOULD use A256GCM.
  const enc = ['A256GCM', 'A128GCM'].find((e) => encs.includes(e));
  if (!enc)
    throw new OAuthError('invalid_request', 'the verifier supports no content encryption this wallet offers');
  const alg = jwk.alg ?? 'ECDH-ES';
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(body)))
    .setProtectedHeader({ alg, enc, ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .encrypt(await importJWK(jwk, alg));
}

/**
 * Posts the answer to the request's `response_uri` (with its `state`), encrypted when the
 * request asks for direct_post.jwt, and reads the `redirect_uri` the verifier may give.
 */
export async function postToVerifier(
  transport: VerifierTransport,
  target: ResponseTarget,
  params: Record<string, unknown>,
) {
  const state = target.payload.state;
  const fields = { ...params, ...(typeof state === 'string' ? { state } : {}) };
  const form = new URLSearchParams();
  if (target.responseMode === 'direct_post.jwt') {
    form.set(
      'response',
      await encryptResponse((target.payload.client_metadata ?? {}) as Record<string, unknown>, fields),
    );
  } else {
    for (const [name, value] of Object.entries(fields))
      form.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const response = await transport.fetch(target.responseUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  let offered: string | undefined;
  let consentRecord: { record: string; capability: string } | undefined;
  try {
    const parsed = zVerifierAnswer.safeParse(await response.json());
    if (parsed.success) {
      offered = parsed.data.redirect_uri;
      consentRecord = parsed.data.consent_record;
    }
  } catch {
    // not JSON: fine, there is no redirect
  }
  // OpenID4VP 1.0 §8.2: the page sends the person on to this URL, so only https goes (http on
  // loopback for the local demo); a `javascript:` or custom-scheme URL is dropped, and the page
  // then shows its own "done" state.
  const redirectUri = browserSafeUrl(offered, { allowInsecureUrls: transport.allowInsecureUrls });
  if (offered !== undefined && redirectUri === undefined) {
    transport.logger.warn(
      { verifier: target.client.effective, redirect: describeUrlForLog(offered) },
      'verifier redirect_uri dropped: not an https URL',
    );
  }
  return { status: response.status, ok: response.ok, redirectUri, consentRecord };
}

export type VerifierReply = Awaited<ReturnType<typeof postToVerifier>>;
