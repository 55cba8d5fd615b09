import type { Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import type { AccessTokenRow } from '../persistence/entities.js';
import { hashSecret } from '@min-profil/shared/secrets';
import { checkDpopProof, dpopRefusal, freshDpopNonce } from '../dpop/check-dpop-proof.js';

/**
 * An access token of this holder, unexpired, for `grant`: a bearer token (RFC 6750 §2.1) as
 * `Bearer …`, a DPoP-bound one (RFC 9449 §7) as `DPoP …` with a proof by the key it is bound to
 * — a bound token sent as bearer is refused, so a stolen token is worth nothing without the key.
 * The credential endpoints take only tokens granted credentials, `/usage` only tokens granted
 * `usage_log` (the two never meet in one token; docs/authorization-server.md "Scopes").
 */
export async function requireAccessToken(
  ctx: IssuerContext,
  holder: HolderRuntime,
  req: Request,
  grant: 'credential' | 'usage_log' | 'mandates' = 'credential',
): Promise<AccessTokenRow> {
  const match = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/.exec(req.get('authorization') ?? '');
  const challenge = (error: string) => ({ 'WWW-Authenticate': `Bearer error="${error}"` });
  if (!match) {
    throw new OAuthError('invalid_token', 'an access token is required (Authorization: DPoP … or Bearer …)', {
      headers: { 'WWW-Authenticate': 'Bearer, DPoP' },
    });
  }
  const [, scheme, accessToken] = match;
  const token = await ctx.store.findAccessToken(hashSecret(accessToken));
  if (!token || token.holderId !== holder.definition.id) {
    throw new OAuthError('invalid_token', 'the access token is not known to this issuer', {
      headers: challenge('invalid_token'),
    });
  }
  if (token.expiresAt <= ctx.now()) {
    throw new OAuthError('invalid_token', 'the access token has expired', {
      headers: challenge('invalid_token'),
    });
  }
  if (token.dpopJkt === null) {
    if (scheme === 'DPoP') {
      throw new OAuthError('invalid_token', 'this access token is a bearer token: send it as Bearer', {
        headers: challenge('invalid_token'),
      });
    }
  } else {
    await requireDpopBinding(ctx, holder, req, scheme!, accessToken!, token.dpopJkt);
  }
  const granted =
    grant === 'credential' ? token.configurationIds.length > 0 : (token.scopes ?? []).includes(grant);
  if (!granted) {
    // RFC 6750 §3.1: a valid token without the needed grant is insufficient_scope (403).
    throw new OAuthError(
      'insufficient_scope',
      grant !== 'credential'
        ? `the access token was not granted the ${grant} scope`
        : 'the access token grants no credential: a usage_log token only reads the usage log',
      {
        headers: {
          'WWW-Authenticate': `Bearer error="insufficient_scope"${grant !== 'credential' ? `, scope="${grant}"` : ''}`,
        },
      },
    );
  }
  return token;
}

/** RFC 9449 §7: a DPoP-bound token comes as `DPoP …` with a proof signed by the key it is bound to. */
async function requireDpopBinding(
  ctx: IssuerContext,
  holder: HolderRuntime,
  req: Request,
  scheme: string,
  accessToken: string,
  boundTo: string,
): Promise<void> {
  if (scheme !== 'DPoP') {
    throw dpopRefusal(
      ctx,
      holder,
      'resource',
      'invalid_token',
      'this access token is DPoP-bound: send it as DPoP with a proof',
    );
  }
  const jkt = await checkDpopProof(ctx, holder, req, { at: 'resource', accessToken });
  if (jkt !== boundTo) {
    throw dpopRefusal(
      ctx,
      holder,
      'resource',
      'invalid_dpop_proof',
      'the DPoP proof is not signed by the key the access token is bound to',
    );
  }
  // A nonce for the client's next proof (RFC 9449 §9).
  req.res?.set('DPoP-Nonce', freshDpopNonce(ctx, holder));
}
