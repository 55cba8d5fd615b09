import { createHash, randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { seal } from '../crypto/data-keys.js';
import { assertFetchableUrl } from '../http/safe-fetch.js';
import type { WalletCaseEventRow } from './case-entities.js';
import { hashCapability } from './open-case.js';
import { notifyPerson } from './notify-person.js';
import { logCase } from './log-case.js';
import { verifyCaseEvent } from './verify-case-event.js';
import { MAX_CASE_DOCUMENT_BYTES } from './z-case-event.js';

export const documentAad = (caseId: string, seq: number) => `case-document:${caseId}:${seq}`;

/**
 * The case inbox (docs/cases.md "Delivery"): the capability in the URL picks the case; the
 * event must verify with its consumer's key from the trust list, name this case, and be the
 * next one (a repeat of an applied one is answered `duplicate`, anything else out of order is
 * refused). A stopped case answers 410, a closed one 409. Refused events change nothing.
 */
export async function receiveCaseEvent(
  ctx: WalletContext,
  capability: string,
  body: { event: string; document?: string },
): Promise<{ status: 'applied' | 'duplicate'; seq: number }> {
  const caseRow = await ctx.cases.findCaseByCapability(hashCapability(capability));
  if (!caseRow) throw new OAuthError('unknown_case', 'no case at this inbox');
  const list = await ctx.trustList.get().catch(() => undefined);
  if (!list)
    throw new OAuthError(
      'temporarily_unavailable',
      'the wallet has no trust list to check the event against',
    );
  const claims = await verifyCaseEvent(body.event, list, caseRow.consumerId);
  if (claims.case_id !== caseRow.id)
    throw new OAuthError('invalid_case_event', 'the event is for another case');
  if (caseRow.status === 'stopped') {
    throw new OAuthError('case_stopped', 'the person has stopped this case: it takes no more events');
  }
  if (claims.seq <= caseRow.lastSeq) {
    const applied = await ctx.cases.findEventAt(caseRow.id, claims.seq);
    if (applied?.eventId === claims.event_id) return { status: 'duplicate', seq: claims.seq };
    throw new OAuthError(
      'case_event_out_of_order',
      `event ${claims.seq} was applied before with another id: replay refused`,
    );
  }
  if (caseRow.status === 'closed')
    throw new OAuthError('case_closed', 'this case is closed: it takes no more events');
  if (claims.seq !== caseRow.lastSeq + 1) {
    throw new OAuthError(
      'case_event_out_of_order',
      `expected event ${caseRow.lastSeq + 1}, got ${claims.seq}`,
    );
  }

  let sealedDocument: string | null = null;
  if (claims.document) {
    if (body.document === undefined)
      throw new OAuthError('invalid_case_event', 'the event names a document but none came');
    const bytes = Buffer.from(body.document, 'base64');
    if (bytes.length > MAX_CASE_DOCUMENT_BYTES) {
      throw new OAuthError('payload_too_large', `the document is over ${MAX_CASE_DOCUMENT_BYTES} bytes`);
    }
    if (createHash('sha256').update(bytes).digest('base64url') !== claims.document.document_hash) {
      throw new OAuthError('invalid_case_event', 'the document does not match the hash the event signs');
    }
    const account = await ctx.store.findAccount(caseRow.accountId);
    if (!account) throw new OAuthError('unknown_case', 'no case at this inbox');
    sealedDocument = seal(dataKeyOf(ctx, account), documentAad(caseRow.id, claims.seq), bytes);
  } else if (body.document !== undefined) {
    throw new OAuthError('invalid_case_event', 'a document came that the event does not name');
  }
  if (claims.type === 'needs_information') {
    if (!claims.request_uri || claims.client_id !== caseRow.clientId) {
      throw new OAuthError(
        'invalid_case_event',
        'needs_information must carry a request_uri of the case’s own consumer',
      );
    }
    assertFetchableUrl(claims.request_uri, ctx.allowInsecureUrls, 'request_uri');
  }

  const row: WalletCaseEventRow = {
    id: randomUUID(),
    caseId: caseRow.id,
    accountId: caseRow.accountId,
    eventId: claims.event_id,
    seq: claims.seq,
    type: claims.type,
    title: claims.title ?? null,
    message: claims.message ?? null,
    documentMeta: claims.document ?? null,
    document: sealedDocument,
    requestUri: claims.type === 'needs_information' ? claims.request_uri! : null,
    requestClientId: claims.type === 'needs_information' ? claims.client_id! : null,
    requestExpiresAt: claims.type === 'needs_information' ? (claims.request_expires_at ?? null) : null,
    answerRequestId: null,
    receivedAt: ctx.now(),
  };
  if (!(await ctx.cases.applyEvent(row, ctx.now()))) {
    // Another delivery of this (or an earlier) event won the race, or the person just stopped it.
    const again = await ctx.cases.findEventAt(caseRow.id, claims.seq);
    if (again?.eventId === claims.event_id) return { status: 'duplicate', seq: claims.seq };
    throw new OAuthError('case_event_out_of_order', 'the case changed meanwhile: event not applied');
  }
  ctx.logger.info({ case_seq: claims.seq, type: claims.type }, 'case event applied');
  await logCase(ctx, caseRow, `case ${claims.type}`);
  // Through the person's contact preferences, when the case needs them or is decided.
  await notifyPerson(ctx, caseRow.accountId, claims.type);
  return { status: 'applied', seq: claims.seq };
}
