import { parseRetryAfter } from '@min-profil/shared/outbox/parse-retry-after';
import type { WalletContext } from '../context.js';
import { FetchFailure } from '../http/safe-fetch.js';
import type { ProfileDeliveryRow, StandingPermissionRow } from '../persistence/permission-entities.js';
import {
  classifyDeliveryAnswer,
  classifyNonceAnswer,
  type DeliveryAnswer,
  type DeliveryVerdict,
} from './classify-delivery-answer.js';

/** Builds the update endpoint's request body for one c_nonce (a fresh KB-JWT or withdrawal JWS). */
export type CreateDeliveryBody = (nonce: string) => Promise<Record<string, unknown>>;

/** An answer as the classifiers take it: status and JSON body, or the transport failure. */
async function post(
  ctx: WalletContext,
  signal: AbortSignal,
  url: string,
  body?: Record<string, unknown>,
): Promise<Omit<DeliveryAnswer, 'kind'> & { retryAfter?: string | null }> {
  try {
    const response = await ctx.fetch(url, {
      method: 'POST',
      signal,
      headers: {
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    // Kept as a reason code only: a message could carry the URL's query or a body.
    return { failure: error instanceof FetchFailure ? `no answer (${error.reason})` : 'no answer (network)' };
  }
}

/**
 * One delivery attempt (docs/standing-permissions.md, "Delivering a change"): a c_nonce from the
 * nonce endpoint, then the update; on `invalid_nonce` once more with a new nonce. A retry
 * carries the time a 429 or 503 asked for in `Retry-After` (the outbox worker caps it).
 */
export async function sendDelivery(
  ctx: WalletContext,
  permission: Pick<StandingPermissionRow, 'nonceEndpoint' | 'updateEndpoint'>,
  row: Pick<ProfileDeliveryRow, 'kind'>,
  createBody: CreateDeliveryBody,
  signal: AbortSignal,
): Promise<DeliveryVerdict> {
  let verdict: DeliveryVerdict | undefined;
  const withRetryAt = (v: DeliveryVerdict, retryAfter?: string | null): DeliveryVerdict => {
    if (v.action !== 'retry') return v;
    const retryAt = parseRetryAfter(retryAfter, ctx.clock());
    return retryAt ? { ...v, retryAt } : v;
  };
  for (let round = 0; round < 2; round++) {
    const nonceAnswer = await post(ctx, signal, permission.nonceEndpoint);
    const nonce = classifyNonceAnswer(nonceAnswer);
    if (!('nonce' in nonce)) {
      // A withdrawal the consumer already ended is done.
      if (row.kind === 'withdrawal' && nonce.action === 'consumer_withdrew')
        return { action: 'delivered', outcome: 'already_withdrawn' };
      return withRetryAt(nonce, nonceAnswer.retryAfter);
    }
    const answer = await post(ctx, signal, permission.updateEndpoint, await createBody(nonce.nonce));
    verdict = classifyDeliveryAnswer({ kind: row.kind, ...answer });
    // A renewed consent record is bound to the c_nonce this update carried.
    if (verdict.action === 'delivered' && verdict.consentRecord)
      verdict = { ...verdict, consentRecord: { ...verdict.consentRecord, nonce: nonce.nonce } };
    if (verdict.action !== 'refetch_nonce') return withRetryAt(verdict, answer.retryAfter);
  }
  // The consumer refused two fresh nonces in a row: try again later.
  return { action: 'retry', error: verdict?.action === 'refetch_nonce' ? verdict.error : 'invalid_nonce' };
}
