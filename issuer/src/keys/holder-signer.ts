import type { SdJwtSigner } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { freshKeys } from './fresh-keys.js';
import { holderCertificateChain } from './holder-certificate.js';

/**
 * What signs a holder's SD-JWT VCs and status list tokens now: the active key, named by `kid`
 * (its JWT VC Issuer Metadata) and, when the holder has a certificate for it, by `x5c` too.
 */
export async function holderSigner(ctx: IssuerContext, holder: HolderRuntime): Promise<SdJwtSigner> {
  const { active } = await freshKeys(ctx, holder);
  const x5c = holderCertificateChain({
    dir: ctx.certificatesDir,
    holderId: holder.definition.id,
    active,
    now: ctx.now(),
    warn: (message) => ctx.logger.warn({ holder: holder.definition.id }, message),
  });
  return {
    privateKey: active.signingKey.signer,
    kid: active.kid,
    alg: 'ES256',
    ...(x5c ? { x5c } : {}),
  };
}
