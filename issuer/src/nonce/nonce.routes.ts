import { Router } from 'express';
import type { IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';

/** OID4VCI 1.0 §7: a fresh c_nonce for proofs; stored (hashed) until used once or expired. */
export function nonceRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.post('/:holder/nonce', async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const nonce = randomToken();
    await ctx.store.insertNonce(hashSecret(nonce), holder.definition.id, ctx.now() + ctx.settings.nonceTtl);
    res.set('Cache-Control', 'no-store').json({ c_nonce: nonce });
  });
  return router;
}
