import { hashDocument } from '@min-profil/shared/openid4vp/transaction-data';
import { OAuthError } from '@min-profil/shared/errors';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { createPresentationRequest } from '../presentation-request/create-presentation-request.js';
import type { CaseEventPayload, CaseEventRow, CaseRow } from './case-entities.js';
import type { NewCaseEvent } from './case-store.js';
import { MAX_CASE_DOCUMENT_BYTES, type CaseEventBody } from './z-case.js';

/**
 * How long the person has to answer an information request: days, not the minutes of a request
 * shown at a counter, since the person answers it from the case when they next open the wallet.
 */
export const CASE_INFORMATION_TTL_SECONDS = 14 * 86_400;

/** Why a case takes no event now, as the error the consumer gets. */
export function refuseUnlessOpen(row: CaseRow): void {
  if (row.status === 'open') return;
  if (row.status === 'stopped')
    throw new OAuthError('case_stopped', 'the person has stopped this case: it takes no more events');
  if (row.status === 'closed')
    throw new OAuthError('case_closed', 'this case is closed: it takes no more events');
  if (row.status === 'undeliverable')
    throw new OAuthError(
      'case_undeliverable',
      'the wallet refused an event of this case for good: nothing more can reach the person',
    );
  throw new OAuthError(
    'case_not_open',
    row.status === 'asked'
      ? 'the case is not open yet: the person has not answered the request'
      : 'the person did not open this case',
  );
}

/**
 * The consumer posts one event of its case (docs/cases.md "Events"): checked, numbered and
 * queued for the wallet; `needs_information` first creates an ordinary signed presentation
 * request for what is missing, `decision` binds its document by hash.
 */
export async function postCaseEvent(options: {
  ctx: VerifierContext;
  consumer: ConsumerRuntime;
  caseRow: CaseRow;
  body: CaseEventBody;
}): Promise<CaseEventRow> {
  const { ctx, consumer, caseRow, body } = options;
  refuseUnlessOpen(caseRow);
  const event: NewCaseEvent = { type: body.type, payload: body.message ? { message: body.message } : {} };
  if (body.type === 'needs_information') {
    const created = await createPresentationRequest({
      ctx,
      consumer,
      // The consumer's profile picks the response mode (consumer-profile.ts).
      request: { dcql_query: body.dcql_query, purpose: body.purpose },
      ttlSeconds: CASE_INFORMATION_TTL_SECONDS,
    });
    event.payload = {
      ...event.payload,
      title: body.purpose,
      presentationRequestId: created.row.id,
      requestUri: created.requestUri,
      clientId: created.row.clientId,
      requestExpiresAt: created.row.expiresAt,
    };
  }
  if (body.type === 'decision') {
    const payload: CaseEventPayload = { ...event.payload, title: body.title };
    if (body.document) {
      const bytes = Buffer.from(body.document.content_base64, 'base64');
      if (bytes.length === 0 || bytes.length > MAX_CASE_DOCUMENT_BYTES) {
        throw new OAuthError(
          'payload_too_large',
          `the document must be 1 to ${MAX_CASE_DOCUMENT_BYTES} bytes`,
        );
      }
      payload.document = {
        media_type: body.document.media_type,
        title: body.document.title,
        document_hash: hashDocument(bytes),
        document_hash_alg: 'sha-256',
      };
      event.document = bytes.toString('base64');
    }
    event.payload = payload;
  }
  const row = await ctx.cases.appendEvent(caseRow, event, { now: ctx.now(), nowMs: ctx.clock() });
  if (!row) {
    // Stopped or closed between the read and the write.
    refuseUnlessOpen((await ctx.cases.findCase(caseRow.id)) ?? { ...caseRow, status: 'closed' });
    throw new OAuthError('case_not_open', 'this case takes no more events');
  }
  ctx.caseEvents.kick();
  ctx.logger.info(
    { consumer: consumer.config.id, case: caseRow.id, seq: row.seq, type: row.type },
    'case event queued',
  );
  return row;
}
