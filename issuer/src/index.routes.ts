import { Router } from 'express';
import type { IssuerContext } from './context.js';
import { wellKnownUrl } from './metadata/endpoints.js';

/** `GET /`: the holders this service hosts and where their metadata is (for people and scripts). */
export function indexRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      service: 'Min profil issuer',
      holders: [...ctx.holders.values()].map((h) => ({
        id: h.definition.id,
        name: h.definition.name,
        credential_issuer: h.issuerUrl,
        metadata: wellKnownUrl(h.issuerUrl, 'openid-credential-issuer'),
        credential_configuration_ids: h.definition.configurations.map((c) => c.id),
      })),
    });
  });
  return router;
}
