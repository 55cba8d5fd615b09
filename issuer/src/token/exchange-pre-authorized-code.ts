import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { hashSecret, safeEqual } from '@min-profil/shared/secrets';
import { createAccessToken, type TokenResponse } from './create-access-token.js';
import { credentialAuthorizationDetails } from './credential-identifiers.js';
import type { zPreAuthorizedTokenRequest } from './z-token-request.js';
import type { z } from 'zod';
import {
  parseAuthorizationDetailsParameter,
  readAuthorizationDetails,
} from '../authorization/read-authorization-details.js';

/** OID4VCI 1.0 §6: redeems a pre-authorized code (and its tx_code) for an access token, once. */
export async function exchangePreAuthorizedCode(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  /** Thumbprint of the request's verified DPoP key, or null (a bearer token). */
  dpopJkt: string | null;
  request: z.infer<typeof zPreAuthorizedTokenRequest>;
}): Promise<TokenResponse> {
  const { ctx, holder, request } = options;
  const now = ctx.now();
  const offer = await ctx.store.findOfferByCodeHash(hashSecret(request['pre-authorized_code']));
  if (!offer || offer.holderId !== holder.definition.id) {
    throw new OAuthError('invalid_grant', 'the pre-authorized code is not known to this issuer');
  }
  if (offer.usedAt !== null)
    throw new OAuthError('invalid_grant', 'the pre-authorized code has already been used');
  if (offer.expiresAt <= now) throw new OAuthError('invalid_grant', 'the pre-authorized code has expired');
  // OID4VCI 1.0 §6.1: the wallet may narrow the offer with authorization_details; §6.2: they
  // come back with their credential identifiers. Checked before a tx_code try is spent.
  const details =
    request.authorization_details === undefined
      ? undefined
      : readAuthorizationDetails(
          holder.definition,
          parseAuthorizationDetailsParameter(request.authorization_details),
          offer.configurationIds,
        );

  if (offer.txCodeHash === null) {
    // OID4VCI 1.0 §6.3: a tx_code the issuer did not ask for is an invalid_request.
    if (request.tx_code !== undefined) {
      throw new OAuthError('invalid_request', 'this offer has no tx_code, but one was sent');
    }
  } else {
    if (request.tx_code === undefined || request.tx_code === '') {
      throw new OAuthError('invalid_request', 'this offer requires the tx_code shown to the person');
    }
    // Take a try before comparing, atomically, so parallel guesses cannot exceed the bound.
    if (!(await ctx.store.takeTxCodeAttempt(offer.id))) {
      throw new OAuthError(
        'invalid_grant',
        'too many wrong tx_code attempts: ask the issuer for a new offer',
      );
    }
    if (!safeEqual(hashSecret(request.tx_code), offer.txCodeHash)) {
      throw new OAuthError('invalid_grant', 'the tx_code does not match');
    }
  }

  const configurationIds = details
    ? details.map((d) => d.credential_configuration_id)
    : offer.configurationIds;
  const authorizationDetails = await credentialAuthorizationDetails({
    ctx,
    holder,
    identityNumber: offer.identityNumber,
    configurationIds,
    requested: details,
  });
  return ctx.db.transaction(async (manager) => {
    if (!(await ctx.store.consumeOffer(offer.id, now, manager))) {
      throw new OAuthError('invalid_grant', 'the pre-authorized code has already been used');
    }
    return createAccessToken({
      ctx,
      manager,
      holderId: holder.definition.id,
      identityNumber: offer.identityNumber,
      configurationIds,
      clientId: request.client_id ?? null,
      dpopJkt: options.dpopJkt,
      authorizationDetails,
    });
  });
}
