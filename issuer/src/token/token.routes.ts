import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { formBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { attestedClientId, authenticateClient } from '../clients/authenticate-client.js';
import { checkDpopProof, dpopRefusal, freshDpopNonce } from '../dpop/check-dpop-proof.js';
import { exchangeAuthorizationCode } from './exchange-authorization-code.js';
import { exchangePreAuthorizedCode } from './exchange-pre-authorized-code.js';
import { exchangeRefreshToken } from '../refresh-token/exchange-refresh-token.js';
import { supportedGrantTypes, zTokenRequest } from './z-token-request.js';

export function tokenRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.post('/:holder/token', formBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new OAuthError('invalid_request', 'the token request must be application/x-www-form-urlencoded');
    }
    const grantType = (req.body as Record<string, unknown>)?.grant_type;
    if (typeof grantType !== 'string') throw new OAuthError('invalid_request', 'grant_type is required');
    if (!supportedGrantTypes.includes(grantType)) {
      throw new OAuthError(
        'unsupported_grant_type',
        `grant_type must be one of: ${supportedGrantTypes.join(', ')}`,
      );
    }
    const request = parseWithSchema(zTokenRequest, req.body, { what: 'token request' });
    // RFC 9449 §5: the proof is checked (and its jti spent) before the grant, so a refused proof
    // costs no code, no tx_code try.
    // The authorization code flow authenticates its client first (wallet attestation, HAIP); the
    // pre-authorized flow stays open to anonymous wallets (its code came out of band).
    if (request.grant_type === 'authorization_code') {
      request.client_id ??= attestedClientId(req);
      await authenticateClient(ctx, holder, req, {
        clientId: request.client_id,
        client: request.client_id === undefined ? undefined : await ctx.clients.findClient(request.client_id),
      });
    }
    let dpopJkt: string | null = null;
    if (req.get('dpop') !== undefined) {
      dpopJkt = await checkDpopProof(ctx, holder, req, { at: 'token' });
      res.set('DPoP-Nonce', freshDpopNonce(ctx, holder));
    } else if (ctx.settings.requireDpop) {
      throw dpopRefusal(
        ctx,
        holder,
        'token',
        'invalid_dpop_proof',
        'this issuer requires a DPoP proof (RFC 9449) at the token endpoint',
      );
    }
    const response =
      request.grant_type === 'authorization_code'
        ? await exchangeAuthorizationCode({ ctx, holder, request, dpopJkt })
        : request.grant_type === 'refresh_token'
          ? await exchangeRefreshToken({ ctx, holder, request, dpopJkt })
          : await exchangePreAuthorizedCode({ ctx, holder, request, dpopJkt });
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(response);
  });
  return router;
}
