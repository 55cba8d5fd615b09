import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { freshKeys } from '../keys/fresh-keys.js';
import { createAuthorizationServerMetadata } from './authorization-server-metadata.js';
import { createCredentialIssuerMetadata } from './credential-issuer-metadata.js';
import { signIssuerMetadata } from './signed-issuer-metadata.js';
import { holderSigner } from '../keys/holder-signer.js';
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
    async (req, res) => {
      const holder = resolveHolder(ctx, req);
      const metadata = createCredentialIssuerMetadata(holder, ctx.settings);
      res.set('Cache-Control', cacheable).vary('Accept');
      // OID4VCI 1.0 §12.2.2: a wallet that accepts application/jwt gets the signed form, when
      // the holder's key has a certificate (HAIP 1.0 §4.1 asks for x5c); otherwise JSON.
      if (
        ctx.settings.signedMetadata &&
        req.accepts(['application/json', 'application/jwt']) === 'application/jwt'
      ) {
        const signer = await holderSigner(ctx, holder);
        if (signer.x5c) {
          const jwt = await signIssuerMetadata(metadata, { ...signer, x5c: signer.x5c }, ctx.now());
          res.type('application/jwt').send(jwt);
          return;
        }
      }
      res.json(metadata);
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
