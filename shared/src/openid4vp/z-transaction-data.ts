import { z } from 'zod';

/**
 * OpenID4VP 1.0 §5.1 `transaction_data`: each entry is a base64url-encoded JSON object with at
 * least `type` and `credential_ids` (DCQL credential query ids whose presentations must carry the
 * hash of this entry), and optionally `transaction_data_hashes_alg` (the hash names the wallet may
 * choose from; `sha-256` when absent). The other members depend on the type.
 */
export const zTransactionDataCommon = z
  .object({
    type: z.string().min(1).max(200),
    credential_ids: z.array(z.string().min(1).max(200)).min(1).max(20),
    transaction_data_hashes_alg: z.array(z.string().min(1).max(50)).min(1).max(10).optional(),
  })
  .loose();

export type TransactionDataCommon = z.infer<typeof zTransactionDataCommon>;

/** Our type: a person approves one document (or structured decision) by a body. */
export const DOCUMENT_APPROVAL_TYPE = 'min-profil/document-approval';

/** The document media types a document approval may carry. */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'application/json'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** A SHA-256 digest in base64url without padding: 43 characters. */
export const zSha256Base64url = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url SHA-256 digest');

/**
 * `min-profil/document-approval` (documented in docs/approve-and-sign.md):
 *
 * | member                        | meaning                                                                  |
 * | ----------------------------- | ------------------------------------------------------------------------ |
 * | `type`                        | `min-profil/document-approval`                                           |
 * | `credential_ids`              | the DCQL query ids whose presentations identify the approver            |
 * | `transaction_data_hashes_alg` | optional, `["sha-256"]`                                                  |
 * | `request_id`                  | the verifier's approval request id (binds the approval to one request)  |
 * | `title`                       | what the person is asked to approve, as the body names it               |
 * | `media_type`                  | `application/pdf` or `application/json`                                  |
 * | `document_uri`                | where the wallet fetches the exact bytes                                 |
 * | `document_hash`               | SHA-256 of those bytes, base64url                                        |
 * | `document_hash_alg`           | `sha-256`                                                                |
 *
 * Unknown members make the entry invalid (OpenID4VP 1.0 §8.5 `invalid_transaction_data`).
 */
export const zDocumentApproval = z
  .object({
    type: z.literal(DOCUMENT_APPROVAL_TYPE),
    credential_ids: z.array(z.string().min(1).max(200)).min(1).max(20),
    transaction_data_hashes_alg: z.array(z.literal('sha-256')).min(1).max(1).optional(),
    request_id: z.string().min(1).max(100),
    title: z.string().min(1).max(300),
    media_type: z.enum(DOCUMENT_MEDIA_TYPES),
    document_uri: z.url({ protocol: /^https?$/ }).max(2000),
    document_hash: zSha256Base64url,
    document_hash_alg: z.literal('sha-256'),
  })
  .strict();

export type DocumentApproval = z.infer<typeof zDocumentApproval>;
