import type { EntityManager } from 'typeorm';
import type { IssuerContext } from '../context.js';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  refresh_token?: string;
  authorization_details?: unknown[];
}

/** Stores a new access token (bearer, or DPoP-bound) (hash only) for the person and the credential types granted. */
export async function createAccessToken(options: {
  ctx: IssuerContext;
  manager: EntityManager;
  holderId: string;
  identityNumber: string;
  configurationIds: string[];
  clientId: string | null;
  /** RFC 9449 §5: the thumbprint of the token request's DPoP key; the token is bound to it. */
  dpopJkt: string | null;
  /** Grants that are not credentials (`usage_log`); such a token has no configurations. */
  scopes?: string[];
  authorizationDetails?: unknown[];
}): Promise<TokenResponse> {
  const { ctx } = options;
  const accessToken = randomToken();
  await ctx.store.insertAccessToken(
    {
      tokenHash: hashSecret(accessToken),
      holderId: options.holderId,
      identityNumber: options.identityNumber,
      configurationIds: options.configurationIds,
      clientId: options.clientId,
      dpopJkt: options.dpopJkt,
      scopes: options.scopes?.length ? options.scopes : null,
      expiresAt: ctx.now() + ctx.settings.accessTokenTtl,
    },
    options.manager,
  );
  return {
    access_token: accessToken,
    token_type: options.dpopJkt === null ? 'Bearer' : 'DPoP',
    expires_in: ctx.settings.accessTokenTtl,
    ...(options.authorizationDetails ? { authorization_details: options.authorizationDetails } : {}),
  };
}
