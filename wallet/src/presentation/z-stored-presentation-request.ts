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

const zLocalized = z.object({ sv: z.string(), en: z.string() });

/**
 * A registration certificate from the request's `verifier_info` that checked out
 * (read-registration-certificates.ts): what it certifies, and whether the trust list agreed when
 * the request came. Optional in what is stored, so requests kept before it read as none.
 */
const zStoredRegistrationCertificate = z.object({
  name: z.string(),
  purpose: zLocalized,
  privacyPolicy: z.string().optional(),
  intendedUseId: z.string().optional(),
  credentials: z.array(
    z.object({
      format: z.enum(['dc+sd-jwt', 'jwt_vc_json']),
      type: z.string(),
      claims: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
    }),
  ),
});

export type StoredRegistrationCertificate = z.infer<typeof zStoredRegistrationCertificate>;

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
  responseMode: z.enum(['direct_post', 'direct_post.jwt', 'dc_api', 'dc_api.jwt']),
  /** Empty for the Digital Credentials API: the answer goes back to the browser, not to a URL. */
  responseUri: z.string(),
  /**
   * OpenID4VP 1.0 Appendix A: the request came through the Digital Credentials API from this
   * origin (one of its expected_origins), under this protocol identifier. Optional in what is
   * stored, so requests kept before it read as links.
   */
  dcApi: z
    .object({
      origin: z.string(),
      protocol: z.enum(['openid4vp-v1-signed']),
    })
    .optional(),
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
  /** HAIP / OpenID4VP 1.0 `verifier_info`: the asker's checked registration certificates. */
  registrationCertificates: z.array(zStoredRegistrationCertificate).optional(),
});

export type StoredPresentationRequest = z.infer<typeof zStoredPresentationRequest>;
