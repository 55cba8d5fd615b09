import type { Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret } from '@min-profil/shared/secrets';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { dpopNonceExpiry, issueDpopNonce } from './dpop-nonce.js';
import { dpopAlgorithms, DpopProofProblem, verifyDpopProof } from './verify-dpop-proof.js';

/** A fresh nonce of this holder, for the `DPoP-Nonce` response header (RFC 9449 §8.1). */
export function freshDpopNonce(ctx: IssuerContext, holder: HolderRuntime): string {
  return issueDpopNonce(ctx.secret, holder.definition.id, ctx.now());
}

/**
 * The refusal as RFC 9449 words it where the proof came: at the token endpoint a 400 with
 * the code in the body (§5.2); at a protected resource a 401 with a `DPoP` challenge (§7.1).
 * `use_dpop_nonce` carries the nonce to retry with in `DPoP-Nonce` (§8, §9).
 */
export function dpopRefusal(
  ctx: IssuerContext,
  holder: HolderRuntime,
  at: 'token' | 'resource',
  code: 'invalid_dpop_proof' | 'use_dpop_nonce' | 'invalid_token',
  description: string,
): OAuthError {
  const headers: Record<string, string> = { 'DPoP-Nonce': freshDpopNonce(ctx, holder) };
  if (at === 'resource') {
    headers['WWW-Authenticate'] = `DPoP error="${code}", algs="${dpopAlgorithms.join(' ')}"`;
  }
  return new OAuthError(code, description, { status: at === 'resource' ? 401 : 400, headers });
}

/**
 * Checks the request's DPoP proof for this endpoint and spends its `jti` in the shared table,
 * so the same proof is refused at every instance; returns the key's thumbprint. The URL is the
 * public one (`baseUrl` + path), as the client saw it.
 */
export async function checkDpopProof(
  ctx: IssuerContext,
  holder: HolderRuntime,
  req: Request,
  options: { at: 'token' | 'resource'; accessToken?: string },
): Promise<string> {
  const now = ctx.now();
  try {
    const proof = await verifyDpopProof({
      proof: req.get('dpop'),
      method: req.method,
      url: `${ctx.baseUrl}${req.originalUrl}`,
      now,
      iatLeeway: ctx.settings.dpopIatLeeway,
      accessToken: options.accessToken,
      nonceExpiry: (nonce) =>
        dpopNonceExpiry({
          secret: ctx.secret,
          holderId: holder.definition.id,
          nonce,
          now,
          ttl: ctx.settings.dpopNonceTtl,
        }),
    });
    if (!(await ctx.store.spendJti(hashSecret(`dpop\n${proof.jkt}\n${proof.jti}`), proof.acceptableUntil))) {
      throw new DpopProofProblem('invalid_dpop_proof', 'this DPoP proof has been used before (jti replayed)');
    }
    return proof.jkt;
  } catch (err) {
    if (err instanceof DpopProofProblem) throw dpopRefusal(ctx, holder, options.at, err.code, err.message);
    throw err;
  }
}
