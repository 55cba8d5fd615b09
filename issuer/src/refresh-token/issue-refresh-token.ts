import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import type { IssuerContext } from '../context.js';

/**
 * A new refresh token (stored by hash). Without `family`, a new sign-in: a new family that
 * ends `refreshTokenTtl` from now. With it, the successor of a used token: same family, same end.
 */
export async function issueRefreshToken(options: {
  ctx: IssuerContext;
  manager: EntityManager;
  holderId: string;
  identityNumber: string;
  scopes: string[];
  clientId: string;
  /** The DPoP key the token is bound to (RFC 9449 §5), or null. */
  dpopJkt: string | null;
  family?: { id: string; expiresAt: number };
}): Promise<string> {
  const { ctx } = options;
  const token = randomToken();
  const now = ctx.now();
  await ctx.refreshTokens.insert(
    {
      tokenHash: hashSecret(token),
      familyId: options.family?.id ?? randomUUID(),
      holderId: options.holderId,
      identityNumber: options.identityNumber,
      scopes: options.scopes,
      clientId: options.clientId,
      dpopJkt: options.dpopJkt,
      createdAt: now,
      expiresAt: options.family?.expiresAt ?? now + ctx.settings.refreshTokenTtl,
      usedAt: null,
      revokedAt: null,
    },
    options.manager,
  );
  return token;
}
