import type { PresentationRequestRow } from '../persistence/entities.js';

export type ExternalStatus = 'pending' | 'verified' | 'pending_second_signatory' | 'rejected' | 'expired';

/** A pending request past its lifetime is reported `expired`. */
export function externalStatus(row: PresentationRequestRow, now: number): ExternalStatus {
  if (row.status === 'pending' && row.respondedAt === null && row.expiresAt <= now) return 'expired';
  return row.status;
}

/**
 * The result a consumer reads (and its webhook receives): status, the disclosed claims per DCQL
 * query id while they are retained, every check made, and what was asked beyond the registration.
 */
export function describePresentationRequest(
  row: PresentationRequestRow,
  now: number,
  /** The standing permission granted with this presentation, if any. */
  standingPermission?: { id: string; status: string },
) {
  const status = externalStatus(row, now);
  // Claim values are shown only within their retention, even before the purge has run.
  const claimsVisible = row.claims !== null && (row.claimsExpireAt === null || row.claimsExpireAt > now);
  return {
    id: row.id,
    status,
    consumer: row.consumerId,
    client_id: row.clientId,
    purpose: row.purpose,
    ...(row.template ? { template: row.template } : {}),
    response_mode: row.responseMode,
    created_at: new Date(row.createdAt * 1000).toISOString(),
    expires_at: new Date(row.expiresAt * 1000).toISOString(),
    ...(row.completedAt ? { completed_at: new Date(row.completedAt * 1000).toISOString() } : {}),
    ...(claimsVisible ? { claims: row.claims } : {}),
    ...((row.status === 'verified' || row.status === 'pending_second_signatory') && !claimsVisible
      ? { claims_deleted: true }
      : {}),
    checks: row.checks ?? [],
    ...(row.error ? { error: row.error, error_description: row.errorDescription ?? undefined } : {}),
    beyond_registration: row.beyondRegistration,
    dcql_query: row.dcqlQuery,
    ...(standingPermission ? { standing_permission: standingPermission } : {}),
  };
}

export type PresentationResult = ReturnType<typeof describePresentationRequest>;
