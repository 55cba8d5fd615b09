/** Approve and sign: what the person approved, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';

const zApprovalRecord = z.object({
  id: z.string(),
  presentation_request_id: z.string(),
  verifier: z.object({ client_id: z.string(), name: zLocalized.nullable() }),
  title: z.string(),
  media_type: z.string(),
  document_hash: z.string(),
  approved_at: z.iso.datetime(),
  document_url: z.string(),
});

const zApprovalDetail = zApprovalRecord.extend({
  claims: z.array(z.string()).meta({ description: 'Claim names sent with it' }),
  transaction_data: z.string().meta({ description: 'The entry as approved' }),
});

export const approvalPaths: PathsSpec = {
  '/api/approvals': {
    get: {
      summary: 'Documents the person approved (kept encrypted), newest first',
      responses: { 200: { description: 'OK', json: z.object({ approvals: z.array(zApprovalRecord) }) } },
      errors: errors(401),
    },
  },
  '/api/approvals/{id}': {
    get: {
      summary: 'One approval, with the claim names that went with it',
      responses: { 200: { description: 'OK', json: zApprovalDetail } },
      errors: errors(401, 404),
    },
  },
  '/api/approvals/{id}/document': {
    get: {
      summary: 'The approved document, decrypted',
      responses: {
        200: {
          description: 'The document bytes (application/pdf or application/json), never cached',
          media: { 'application/pdf': null, 'application/json': null },
        },
      },
      errors: errors(401, 404),
    },
  },
};
