import {
  channelVerificationTyp,
  type VerifiableChannel,
} from '@min-profil/shared/contact-profile/contact-profile';
import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import type { WalletContext } from '../context.js';
import { loadProviderKey } from '../provider/provider-keys.js';

/**
 * The wallet provider's proof that the person entered a code sent to `value`
 * (docs/standing-permissions.md, "Proof of a verified channel"): bound to the profile holder
 * key by `sub`, so it only counts in a profile credential with that `cnf.jwk`.
 */
export async function signChannelVerification(
  ctx: WalletContext,
  options: { holderThumbprint: string; channel: VerifiableChannel; value: string; verifiedAt: number },
): Promise<string> {
  const key = await loadProviderKey(ctx);
  return signCompactJwt({
    header: { alg: 'ES256', typ: channelVerificationTyp, kid: key.kid },
    payload: {
      iss: ctx.baseUrl,
      sub: options.holderThumbprint,
      channel: options.channel,
      value: options.value,
      verified_at: options.verifiedAt,
      iat: ctx.now(),
    },
    privateKey: key.privateKey,
  });
}
