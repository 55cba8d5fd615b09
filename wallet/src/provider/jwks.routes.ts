import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { providerJwks } from './provider-keys.js';

/** The wallet provider's public keys: consumers check channel verification proofs with them. */
export function providerJwksRoutes(ctx: WalletContext): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(await providerJwks(ctx));
  });
  return router;
}
