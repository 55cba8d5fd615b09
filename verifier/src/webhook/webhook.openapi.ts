/** What the verifier POSTs to a consumer's callback_url, as OpenAPI 3.1 `webhooks`. */
import { z } from 'zod';
import type { OperationSpec, PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zApproval } from '../approval/approval.openapi.js';
import { zCase } from '../cases/cases.openapi.js';
import { zPresentationResult } from '../presentation-request/presentation-request.openapi.js';
import { zStandingPermission } from '../standing-permissions/standing-permissions.openapi.js';

const signed =
  'Signed with the consumer API key: `X-Signature-SHA256: sha256=<hex HMAC-SHA256 of the body>`. Retried until the consumer answers 2xx.';

const webhook = (summary: string, body: z.ZodType): OperationSpec => ({
  summary,
  description: signed,
  security: [],
  body,
  responses: { 200: 'Received (any 2xx)' },
});

export const verifierWebhooks: PathsSpec = {
  presentationResult: {
    post: webhook(
      'A presentation request was answered or expired (header X-Presentation-Request-Id)',
      zPresentationResult.extend({ approval: zApproval.optional() }),
    ),
  },
  standingPermissionEvent: {
    post: webhook(
      'A standing permission was granted, updated or withdrawn (headers X-Webhook-Event, X-Standing-Permission-Id), sent to the granting request’s callback_url',
      z.object({
        event: z.enum([
          'standing_permission.granted',
          'standing_permission.updated',
          'standing_permission.withdrawn',
        ]),
        standing_permission: zStandingPermission,
      }),
    ),
  },
  caseEvent: {
    post: webhook(
      'A case ended without the consumer closing it (headers X-Webhook-Event, X-Case-Id), sent to the opening request’s callback_url: `case.stopped` (the person stopped it) or `case.undeliverable` (the wallet refused one of its events for good, so nothing more can reach the person)',
      z.object({ event: z.enum(['case.stopped', 'case.undeliverable']), case: zCase }),
    ),
  },
  recordDeletionRequested: {
    post: webhook(
      'The person asked for erasure of what a consent record covers (headers X-Webhook-Event: record.deletion_requested, X-Consent-Record-Id); `outcome` says whether the verifier deleted its copy or refused on a legal ground',
      z.object({
        event: z.literal('record.deletion_requested'),
        record_id: z.uuid(),
        presentation_request_id: z.string().optional(),
        standing_permission_id: z.string().optional(),
        fields: z.array(
          z.object({ credential_query_id: z.string(), vct: z.string(), claims: z.array(z.string()) }),
        ),
        requested_at: z.iso.datetime(),
        outcome: z.enum(['deleted', 'refused']),
      }),
    ),
  },
};
