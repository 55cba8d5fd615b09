/** Två i förening: the second-signatory API's part of the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { zApproval } from './approval.openapi.js';
import { zSecondSignatoryRequest } from './z-second-signatory-request.js';

export const secondSignatoryPaths: PathsSpec = {
  '/api/presentation-requests/{id}/second-signatory': {
    post: {
      summary:
        'Två i förening: ask the second signatory the first named to approve a document, completing a pending_second_signatory request; styrelsen gemensamt: one call per other board member, completed when all approved (docs/representation.md)',
      body: zSecondSignatoryRequest,
      responses: {
        201: {
          description:
            "The second signatory's approval request; once its answer is verified (same company, the person named, not the first), both requests are verified. If the person declines it (the wallet's `access_denied`) while the first waits, the first becomes `rejected` with a failed `signing_rule` check (`declined by the second signatory` / `declined by a board member`); a decline once the first is decided is refused with 400 at the response_uri",
          json: z.object({
            id: z.string(),
            openid4vp_url: z.string(),
            wallet_url: z.string().optional(),
            qr_code_uri: z.string(),
            expires_at: z.iso.datetime(),
            transaction_data: z.array(z.string()),
            approval: zApproval,
          }),
        },
      },
      errors: {
        400: 'invalid_request (the request is not waiting for a second signatory, or names the first)',
        401: 'invalid_token',
        404: 'not_found',
      },
    },
  },
};
