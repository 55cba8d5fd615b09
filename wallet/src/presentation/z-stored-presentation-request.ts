import { z } from 'zod';
import { zDocumentApproval } from '@min-profil/shared/openid4vp/z-transaction-data';

/**
 * One transaction data entry of a request the wallet accepted, with the document it points to
 * (fetched, checked against `document_hash`, sealed with the person's data key).
 */
const zStoredTransactionData = z.object({
  raw: z.string(),
  value: zDocumentApproval,
  /** The document's bytes, sealed (AAD `approval-document:<request id>:<index>`). */
  sealedDocument: z.string(),
});

export type StoredTransactionData = z.infer<typeof zStoredTransactionData>;

/**
 * What the wallet keeps about a request between showing it and answering it (no claim values),
 * as it is kept in `wallet_presentation_request.request` and checked when read back.
 */
export const zStoredPresentationRequest = z.object({
  payload: z.record(z.string(), z.unknown()),
  client: z.object({ prefix: z.string(), identifier: z.string(), effective: z.string() }),
  verified: z.boolean(),
  consumerId: z.string().nullable(),
  dcql: z.record(z.string(), z.unknown()),
  responseMode: z.enum(['direct_post', 'direct_post.jwt']),
  responseUri: z.string(),
  /** OpenID4VP 1.0 §5.1: transaction data the wallet understood (document approvals), if any. */
  transactionData: z.array(zStoredTransactionData).optional(),
  /** The consumer asks for later changes of the profile too (docs/standing-permissions.md). */
  standingPermission: z
    .object({ credential_ids: z.array(z.string()), update_endpoint: z.string(), nonce_endpoint: z.string() })
    .optional(),
  /** A standing permission was asked for but not offered: its endpoints are not the listed ones. */
  standingPermissionRefused: z.literal('endpoints_not_listed').optional(),
  /** The consumer asks to open a case with the answer (docs/cases.md). */
  case: z
    .object({
      title: z.string(),
      reference: z.string(),
      stop_endpoint: z.string(),
      events_endpoint_hint: z.string().optional(),
    })
    .optional(),
});

export type StoredPresentationRequest = z.infer<typeof zStoredPresentationRequest>;
