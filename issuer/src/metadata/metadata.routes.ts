import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { freshKeys } from '../keys/fresh-keys.js';
import { createAuthorizationServerMetadata } from './authorization-server-metadata.js';
import { createCredentialIssuerMetadata } from './credential-issuer-metadata.js';
import { createDidDocument, createJwtVcIssuerMetadata } from './did-document.js';
import { createTypeMetadata } from './type-metadata.js';

/** Everything a wallet or verifier discovers: issuer, AS, key and type metadata. */
export function metadataRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const cacheable = 'public, max-age=300';

  // The 1.0 locations (well-known segment inserted before the path, OID4VCI 1.0 §12.2.2,
  // RFC 8414 §3) first; the same documents at the appended locations of the drafts before 1.0,
  // which deployed wallets still read (docs/interop.md "Older drafts we answer").
  router.get(
    ['/.well-known/openid-credential-issuer/:holder', '/:holder/.well-known/openid-credential-issuer'],
    (req, res) => {
      res
        .set('Cache-Control', cacheable)
        .json(createCredentialIssuerMetadata(resolveHolder(ctx, req), ctx.settings));
    },
  );
  router.get(
    ['/.well-known/oauth-authorization-server/:holder', '/:holder/.well-known/oauth-authorization-server'],
    (req, res) => {
      res.set('Cache-Control', cacheable).json(createAuthorizationServerMetadata(resolveHolder(ctx, req)));
    },
  );
  router.get('/.well-known/jwt-vc-issuer/:holder', async (req, res) => {
    const holder = resolveHolder(ctx, req);
    await freshKeys(ctx, holder);
    res.set('Cache-Control', cacheable).json(createJwtVcIssuerMetadata(holder));
  });
  router.get('/:holder/did.json', async (req, res) => {
    await freshKeys(ctx, resolveHolder(ctx, req));
    res
      .set('Cache-Control', cacheable)
      .type('application/did+json')
      .send(JSON.stringify(createDidDocument(resolveHolder(ctx, req))));
  });
  router.get('/:holder/jwks.json', async (req, res) => {
    await freshKeys(ctx, resolveHolder(ctx, req));
    res.set('Cache-Control', cacheable).json(createJwtVcIssuerMetadata(resolveHolder(ctx, req)).jwks);
  });
  router.get('/:holder/vct/:typeName', (req, res) => {
    const holder = resolveHolder(ctx, req);
    const configuration = holder.definition.configurations.find(
      (c) => c.format === 'dc+sd-jwt' && c.typeName === req.params.typeName,
    );
    if (!configuration) throw new OAuthError('not_found', 'no such credential type');
    res.set('Cache-Control', cacheable).json(createTypeMetadata(holder, configuration));
  });
  return router;
}
