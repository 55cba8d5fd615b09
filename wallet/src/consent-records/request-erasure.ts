import { decodeJwt } from 'jose';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { openJson } from '../crypto/data-keys.js';
import type { AccountRow } from '../persistence/entities.js';
import type { ConsentRecordRow } from '../persistence/consent-record-entities.js';
import { capabilityAad } from './keep-consent-record.js';
import { ConsumerJwtRefused, verifyConsumerJwt } from './verify-consumer-jwt.js';
import { zConsentRecordClaims, zDeletionAnswerClaims } from './z-consent-record.js';

export const DELETION_ANSWER_TYP = 'deletion-answer+jwt';

const zAnswerBody = z
  .object({ record_id: z.string(), status: z.string(), answer: z.string().max(16_000) })
  .loose();

/** The record's terms (verified when kept) and its capability, opened with the person's data key. */
export function openRecord(ctx: WalletContext, account: AccountRow, row: ConsentRecordRow) {
  return {
    claims: zConsentRecordClaims.parse(decodeJwt(row.record)),
    capability: openJson<string>(dataKeyOf(ctx, account), capabilityAad(row.id), row.capability),
  };
}

/**
 * Sends the erasure request (GDPR Art. 17) with the record's capability and keeps the
 * consumer's signed answer: `deleted`, or `refused` with its legal ground. One request at a
 * time per record (a conditional state change); an answer that does not verify, or none, is
 * kept as `failed` with a reason code and may be sent again.
 */
export async function requestErasure(
  ctx: WalletContext,
  account: AccountRow,
  row: ConsentRecordRow,
): Promise<void> {
  const { claims, capability } = openRecord(ctx, account, row);
  const started = await ctx.store.setDeletionState(account.id, row.id, {
    from: ['none', 'failed', 'refused'],
    // Longer than any answer can take (the fetch times out well before).
    staleBefore: ctx.now() - 120,
    state: 'requested',
    at: ctx.now(),
  });
  if (!started)
    throw new OAuthError('invalid_request', 'erasure was already requested for this record', { status: 409 });
  const fail = async (reason: string) => {
    await ctx.store.setDeletionState(account.id, row.id, { state: 'failed', answer: reason });
    ctx.logger.warn({ verifier: row.clientId, reason }, 'erasure request failed');
    return new OAuthError('temporarily_unavailable', `the consumer did not confirm the request (${reason})`, {
      status: 502,
    });
  };
  let body: unknown;
  try {
    const response = await ctx.fetch(claims.deletion_endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${capability}`, accept: 'application/json' },
    });
    if (!response.ok) throw await fail(`http_${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    throw await fail('unreachable');
  }
  const parsed = zAnswerBody.safeParse(body);
  if (!parsed.success) throw await fail('malformed_answer');
  let answer: z.infer<typeof zDeletionAnswerClaims>;
  try {
    const payload = await verifyConsumerJwt(ctx, row.clientId, parsed.data.answer, DELETION_ANSWER_TYP);
    answer = zDeletionAnswerClaims.parse(payload);
  } catch (error) {
    throw await fail(error instanceof ConsumerJwtRefused ? error.reason : 'malformed_answer');
  }
  if (answer.record_id !== claims.record_id) throw await fail('other_record');
  await ctx.store.setDeletionState(account.id, row.id, { state: answer.status, answer: parsed.data.answer });
}

/** The consumer's later uses of what the record covers (read with the capability). */
export async function readUsage(ctx: WalletContext, account: AccountRow, row: ConsentRecordRow) {
  const { claims, capability } = openRecord(ctx, account, row);
  let response: Response;
  try {
    response = await ctx.fetch(claims.usage_endpoint, {
      headers: { authorization: `Bearer ${capability}`, accept: 'application/json' },
    });
  } catch {
    throw new OAuthError('temporarily_unavailable', 'the consumer could not be reached', { status: 502 });
  }
  const parsed = zUsageAnswer.safeParse(response.ok ? await response.json().catch(() => null) : null);
  if (!parsed.success) {
    throw new OAuthError('temporarily_unavailable', `the consumer did not answer (HTTP ${response.status})`, {
      status: 502,
    });
  }
  return parsed.data.uses;
}

export const zUse = z.object({
  at: z.iso.datetime(),
  action: z.string().max(64),
  fields: z.array(z.string().max(200)).max(200),
  purpose: z.string().max(500).nullable(),
});

const zUsageAnswer = z.object({ uses: z.array(zUse).max(100) });
