import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { completePresentationResponse } from '../presentation/send-presentation-response.js';
import { takeSignedRequest } from './signing-request.js';
import { zSigningRequestAnswer } from './z-signing-requests.js';

/**
 * `POST /api/signing-requests/{id}`: the page's signatures for a signing request (docs/passkeys.md,
 * "Signing in the page"). Checked against the stored public keys, then the operation goes on.
 */
export function signingRequestRoutes(ctx: WalletContext): Router {
  const router = Router();
  router.post('/api/signing-requests/:id', requirePerson(ctx), jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const { signatures } = parseWithSchema(zSigningRequestAnswer, req.body, { what: 'signatures' });
    const signed = await takeSignedRequest<Parameters<typeof completePresentationResponse>[2]>(
      ctx,
      account,
      req.params.id as string,
      signatures,
    );
    const answer = await completePresentationResponse(ctx, account, signed.continuation, signed.jws);
    res.set('Cache-Control', 'no-store').json(answer);
  });
  return router;
}
