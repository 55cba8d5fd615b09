import { OAuthError } from '@min-profil/shared/errors';
import type { CaseAsk } from '../cases/z-case.js';
import { encodeTransactionData, hashDocument } from '@min-profil/shared/openid4vp/transaction-data';
import {
  DOCUMENT_APPROVAL_TYPE,
  type DocumentApproval,
} from '@min-profil/shared/openid4vp/z-transaction-data';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { ApprovalRow } from '../persistence/approval-entities.js';
import {
  createPresentationRequest,
  type CreatedPresentationRequest,
} from '../presentation-request/create-presentation-request.js';
import type { ParsedDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import { randomToken } from '@min-profil/shared/secrets';
import { MAX_DOCUMENT_BYTES, type CreateApprovalRequest } from './z-create-approval-request.js';

export function documentUri(baseUrl: string, token: string): string {
  return `${baseUrl}/openid4vp/documents/${token}`;
}

/** The document's exact bytes: the PDF as sent, or the JSON object serialised once. */
export function documentBytes(document: CreateApprovalRequest['document']): Buffer {
  const bytes =
    document.media_type === 'application/pdf'
      ? Buffer.from(document.content_base64, 'base64')
      : Buffer.from(JSON.stringify(document.content, null, 2), 'utf8');
  if (bytes.length === 0) throw new OAuthError('invalid_request', 'the document is empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new OAuthError('invalid_request', `the document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  if (document.media_type === 'application/pdf' && !bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
    throw new OAuthError('invalid_request', 'document.content_base64 is not a PDF (no %PDF- header)');
  }
  return bytes;
}

export interface CreatedApprovalRequest extends CreatedPresentationRequest {
  approval: ApprovalRow;
  transactionData: DocumentApproval;
}

/**
 * Creates an approval request: a presentation request (DCQL query or template, nonce, state)
 * plus one `min-profil/document-approval` transaction data entry (OpenID4VP 1.0 §5.1) that binds
 * the approver's KB-JWTs to this request and to the document's SHA-256.
 */
export async function createApprovalRequest(options: {
  ctx: VerifierContext;
  consumer: ConsumerRuntime;
  request: CreateApprovalRequest;
  /** For the demo pages: the same-device redirect back to the page, which needs the new id. */
  redirectUriFor?: (id: string) => string;
  /** For the demo pages: the page session the request is bound to (page-session.ts). */
  pageSession?: string;
  /** For the demo pages: the case to open with the approval (docs/cases.md). */
  caseAsk?: CaseAsk;
}): Promise<CreatedApprovalRequest> {
  const { ctx, consumer, request } = options;
  const bytes = documentBytes(request.document);
  // OpenID4VP 1.0 §8.4: the hashes travel in a KB-JWT, which only SD-JWT VC presentations have.
  const asked = (request.dcql_query?.credentials ?? []) as Array<{ format?: unknown }>;
  if (Array.isArray(asked) && asked.some((c) => c?.format !== 'dc+sd-jwt')) {
    throw new OAuthError('invalid_request', 'an approval can only ask for dc+sd-jwt credentials');
  }
  const created = await createPresentationRequest({
    ctx,
    consumer,
    request: {
      dcql_query: request.dcql_query,
      template: request.template,
      purpose: request.purpose ?? (request.template ? undefined : request.title),
      callback_url: request.callback_url,
      redirect_uri: request.redirect_uri,
      response_mode: request.response_mode,
      ...(options.caseAsk ? { case: options.caseAsk } : {}),
    },
    redirectUriFor: options.redirectUriFor,
    pageSession: options.pageSession,
  });
  const query = created.row.dcqlQuery as unknown as ParsedDcqlQuery;
  const token = randomToken();
  const transactionData: DocumentApproval = {
    type: DOCUMENT_APPROVAL_TYPE,
    credential_ids: query.credentials.map((c) => c.id),
    transaction_data_hashes_alg: ['sha-256'],
    request_id: created.row.id,
    title: request.title,
    media_type: request.document.media_type,
    document_uri: documentUri(ctx.baseUrl, token),
    document_hash: hashDocument(bytes),
    document_hash_alg: 'sha-256',
  };
  const approval: ApprovalRow = {
    id: created.row.id,
    consumerId: consumer.config.id,
    title: request.title,
    mediaType: request.document.media_type,
    document: bytes.toString('base64'),
    documentHash: transactionData.document_hash,
    documentToken: token,
    transactionData: encodeTransactionData(transactionData),
    receiptId: null,
    receipt: null,
    evidence: null,
    approvedAt: null,
    createdAt: ctx.now(),
  };
  await ctx.approvals.insertApproval(approval);
  return { ...created, approval, transactionData };
}
