import type { PresentationRequestRow } from '../entities.js';

/** A pending request row as the store writes one (tests that write rows directly). */
export function presentationRequestRow(
  id: string,
  fields: Partial<PresentationRequestRow> & Pick<PresentationRequestRow, 'createdAt' | 'expiresAt'>,
): PresentationRequestRow {
  return {
    id,
    consumerId: 'insurer',
    clientId: 'x509_san_dns:verifier.example',
    nonce: `nonce-${id}`,
    state: `state-${id}`,
    dcqlQuery: { credentials: [] },
    template: null,
    purpose: 'test',
    responseMode: 'direct_post',
    redirectUri: null,
    callbackUrl: null,
    beyondRegistration: [],
    status: 'pending',
    respondedAt: null,
    completedAt: null,
    responseCodeHash: null,
    checks: null,
    claims: null,
    claimsExpireAt: null,
    error: null,
    errorDescription: null,
    pageSession: null,
    responseEncryptionKey: null,
    ...fields,
  };
}
