/** Approve and sign: the approval API's part of the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import {
  zCreatedPresentationRequest,
  zPresentationResult,
} from '../presentation-request/presentation-request.openapi.js';
import { zCreateApprovalRequest, zVerifyReceiptBody } from './z-create-approval-request.js';

export const zApproval = z
  .object({
    title: z.string(),
    media_type: z.enum(['application/pdf', 'application/json']),
    document_uri: z.url(),
    document_hash: z.string().meta({ description: 'SHA-256 of the document bytes, base64url' }),
    document_hash_alg: z.literal('sha-256'),
    transaction_data: z.string().meta({ description: 'The base64url transaction_data entry as sent' }),
    approved_at: z.iso.datetime().optional(),
    receipt_id: z.string().optional(),
    receipt: z
      .string()
      .optional()
      .meta({ description: 'JWS, typ approval-receipt+jwt, signed with the consumer key' }),
    receipt_uri: z.url().optional(),
  })
  .meta({ id: 'Approval', description: 'The approval part of a result; receipt fields once approved.' });

const zReceiptCheck = z.object({
  name: z.enum([
    'receipt_format',
    'receipt_signer',
    'receipt_signature',
    'receipt_evidence',
    'document_hash',
    'transaction_data',
  ]),
  passed: z.boolean(),
  detail: z.string().optional(),
});

const zReceiptCheckResult = z
  .object({
    valid: z.boolean(),
    reason: z.string().optional().meta({ description: 'The first failed check' }),
    checks: z.array(zReceiptCheck),
    receipt: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'The receipt claims, when valid' }),
  })
  .meta({ id: 'ReceiptCheckResult' });

const zReceipt = zReceiptCheckResult.omit({ receipt: true }).extend({
  receipt_id: z.string(),
  receipt: z.string().meta({ description: 'The receipt JWS' }),
  approval_request_id: z.string(),
  title: z.string(),
  media_type: z.string(),
  document_hash: z.string(),
  approved_at: z.iso.datetime(),
});

const notFound = 'not_found (also for another consumer’s request, and for one deleted after its retention)';

export const approvalPaths: PathsSpec = {
  '/api/approval-requests': {
    post: {
      summary:
        'Ask a person to approve a document: a presentation request with one min-profil/document-approval transaction_data entry (OpenID4VP 1.0 §5.1)',
      body: zCreateApprovalRequest,
      responses: {
        201: {
          description: 'Created: the presentation request fields plus transaction_data and approval',
          json: zCreatedPresentationRequest.extend({
            transaction_data: z.array(z.string()),
            approval: zApproval,
          }),
        },
      },
      errors: { 400: 'invalid_request', 401: 'invalid_token' },
    },
  },
  '/api/approval-requests/{id}': {
    get: {
      summary: 'The result of an approval request, with the receipt once approved',
      responses: {
        200: {
          description: 'The presentation result plus approval',
          json: zPresentationResult.extend({ approval: zApproval }),
        },
      },
      errors: { 401: 'invalid_token', 404: notFound },
    },
  },
  '/openid4vp/documents/{token}': {
    get: {
      summary: 'document_uri: the exact bytes the document_hash covers (application/pdf or application/json)',
      security: [],
      responses: {
        200: { description: 'The document', media: { 'application/pdf': null, 'application/json': null } },
      },
      errors: { 404: 'not_found', 410: 'the request has expired: the document is no longer served' },
    },
  },
  '/api/approval-receipts/verify': {
    post: {
      summary: 'Check a receipt (anyone holding it): signature, then against the stored evidence',
      description:
        'The evidence is kept VERIFIER_APPROVAL_RETENTION seconds after approval (default 10 years); after that the check fails at receipt_evidence.',
      security: [],
      body: zVerifyReceiptBody,
      responses: { 200: { description: 'valid, or the named reason it is not', json: zReceiptCheckResult } },
      errors: { 400: 'invalid_request' },
    },
  },
  '/api/approval-receipts/{id}': {
    get: {
      summary: 'A receipt by its id (jti), checked again against the stored evidence',
      security: [],
      responses: { 200: { description: 'The receipt and the checks', json: zReceipt } },
      errors: { 404: 'not_found' },
    },
  },
};
