import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { oid4vciRedirectUri } from '../holders/holder-fetch.js';

/**
 * The wallet's OAuth client identity at issuers: the trust-list operator copies `client_id`
 * and `redirect_uris` from here into the list's wallet provider entry, which makes the wallet
 * a registered client at every holder (docs/authorization-server.md).
 */
export function walletClientRoutes(ctx: WalletContext): Router {
  const router = Router();
  router.get('/.well-known/wallet-client', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json({
      client_id: ctx.settings.oauthClientId,
      redirect_uris: [oid4vciRedirectUri(ctx)],
    });
  });
  return router;
}
