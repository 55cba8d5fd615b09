import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * A refresh token (RFC 6749 §6), by SHA-256 hash. Every token of one sign-in shares a
 * `familyId` and its `expiresAt` (30 days from the sign-in: rotation never extends it); a
 * token is used once (`usedAt`) and its successor takes over. The identity number is kept,
 * as on access tokens, because a refreshed access token is the person's; the row is deleted
 * when it expires.
 */
export interface RefreshTokenRow {
  tokenHash: string;
  familyId: string;
  holderId: string;
  identityNumber: string;
  scopes: string[];
  clientId: string;
  /** RFC 9449 §5: the DPoP key (thumbprint) the family was issued to; null: not bound. */
  dpopJkt: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
}

export const RefreshTokenEntity = new EntitySchema<RefreshTokenRow>({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  columns: {
    tokenHash: { type: 'varchar', primary: true, name: 'token_hash' },
    familyId: textColumn('family_id'),
    holderId: textColumn('holder_id'),
    identityNumber: textColumn('identity_number'),
    scopes: jsonColumn('scopes'),
    clientId: textColumn('client_id'),
    dpopJkt: textColumn('dpop_jkt', true),
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
    usedAt: epochColumn('used_at', true),
    revokedAt: epochColumn('revoked_at', true),
  },
  indices: [{ name: 'idx_refresh_token_family', columns: ['familyId'] }],
});
