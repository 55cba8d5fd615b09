import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { openJson, sealJson } from '../crypto/data-keys.js';
import type { AccountRow, PresentationRequestRow } from '../persistence/entities.js';
import { DC_API_TAKEN } from '../persistence/presentation-request-store.js';
import { encryptResponse, type VerifierReply } from '../presentation/post-to-verifier.js';
import type { StoredPresentationRequest } from '../presentation/z-stored-presentation-request.js';

/** What the browser would resolve `navigator.credentials.get` with: the credential's protocol and data. */
export interface DcApiCredential {
  protocol: string;
  data: Record<string, unknown>;
}

const aad = (id: string) => `dc-api-response:${id}`;

/**
 * OpenID4VP 1.0 Appendix A.4: the answer's `data` — the fields a `direct_post` answer would
 * carry (`vp_token`, or `error=access_denied`), with `state` when the request had one; for
 * `dc_api.jwt` a JWE of them to the request's own key (§8.3, as `direct_post.jwt`), `{ response }`.
 */
export async function dcApiResponseData(
  stored: Pick<StoredPresentationRequest, 'payload' | 'responseMode'>,
  fields: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const state = stored.payload.state;
  const body = { ...fields, ...(typeof state === 'string' ? { state } : {}) };
  if (stored.responseMode !== 'dc_api.jwt') return body;
  const clientMetadata = (stored.payload.client_metadata ?? {}) as Record<string, unknown>;
  return { response: await encryptResponse(clientMetadata, body) };
}

/**
 * Instead of posting to a `response_uri`: the answer is kept, sealed with the person's data key,
 * for the caller that handed the request over (takeDcApiResponse). The reply says nothing of the
 * verifier, which the wallet never reaches: the page passes the data on.
 */
export async function handOverDcApiResponse(
  ctx: WalletContext,
  account: AccountRow,
  row: PresentationRequestRow,
  fields: Record<string, unknown>,
): Promise<VerifierReply> {
  const stored = row.request;
  if (!stored.dcApi) throw new OAuthError('server_error', 'not a Digital Credentials API request');
  const credential: DcApiCredential = {
    protocol: stored.dcApi.protocol,
    data: await dcApiResponseData(stored, fields),
  };
  await ctx.store.keepDcApiResponse(row.id, sealJson(dataKeyOf(ctx, account), aad(row.id), credential));
  return { status: 0, ok: true, redirectUri: undefined, consentRecord: undefined };
}

/**
 * The caller's side: `pending` until the person has decided in the wallet, then the credential
 * once; a second take, or a request that was not handed over, finds nothing.
 */
export async function takeDcApiResponse(
  ctx: WalletContext,
  account: AccountRow,
  id: string,
): Promise<{ status: 'pending' } | ({ status: 'answered' } & DcApiCredential)> {
  const row = await ctx.store.findPresentationRequest(account.id, id);
  if (!row?.request.dcApi) {
    throw new OAuthError('not_found', 'no Digital Credentials API request with that id');
  }
  if (row.answeredAt === null && row.expiresAt <= ctx.now()) {
    throw new OAuthError('invalid_request', 'the request has expired without an answer', { status: 410 });
  }
  const sealed = await ctx.store.takeDcApiResponse(account.id, id);
  // Not decided yet, or decided and the answer still being made.
  if (sealed === null) return { status: 'pending' };
  if (sealed === DC_API_TAKEN) {
    throw new OAuthError('invalid_request', 'the answer has already been handed over', { status: 410 });
  }
  return { status: 'answered', ...openJson<DcApiCredential>(dataKeyOf(ctx, account), aad(id), sealed) };
}
