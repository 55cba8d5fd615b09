import { decodeJwt } from 'jose';
import type { ConsentRecordRow } from '../persistence/consent-record-entities.js';
import type { ConsentRecordClaims } from './z-consent-record.js';

const iso = (epoch: number | null) => (epoch === null ? null : new Date(epoch * 1000).toISOString());

/** The answer's terms, read from the consumer's signed answer (verified before it was stored). */
function deletionAnswerTerms(row: ConsentRecordRow) {
  if (row.deletionState !== 'deleted' && row.deletionState !== 'refused') return {};
  const answer = decodeJwt(row.deletionAnswer!) as Record<string, unknown>;
  return {
    ...(answer.legal_ground ? { legal_ground: answer.legal_ground } : {}),
    ...(answer.retained_until ? { retained_until: answer.retained_until } : {}),
    ...(answer.deleted_at ? { deleted_at: answer.deleted_at } : {}),
  };
}

/** One consent record for the API: the record's terms (verified when it was kept) and its erasure state. */
export function describeConsentRecord(row: ConsentRecordRow) {
  // Verified before it was stored (verify-consent-record.ts).
  const claims = decodeJwt(row.record) as unknown as ConsentRecordClaims;
  const signed = row.deletionState === 'deleted' || row.deletionState === 'refused';
  return {
    id: row.id,
    record_id: claims.record_id,
    log_entry_id: row.logEntryId,
    presentation_request_id: row.presentationRequestId,
    verifier: { client_id: row.clientId, name: row.counterpartyName },
    controller: claims.controller,
    purpose: claims.purpose,
    legal_basis: claims.legal_basis,
    received: claims.received,
    received_at: claims.received_at,
    retention: claims.retention,
    standing_permission_id: claims.standing_permission_id ?? null,
    record: row.record,
    deletion: {
      state: row.deletionState,
      requested_at: iso(row.deletionRequestedAt),
      answer: signed ? row.deletionAnswer : null,
      reason: row.deletionState === 'failed' ? row.deletionAnswer : null,
      ...deletionAnswerTerms(row),
    },
  };
}
