import type { JWK } from 'jose';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { openJson, sealJson } from '../crypto/data-keys.js';
import type { AccountRow } from '../persistence/entities.js';
import type { OmbudSignInRow } from './ombud-sign-in-entities.js';

/** What a Mina ombud sign-in keeps sealed: the `mandates` access token and its DPoP key. */
export interface OmbudTokens {
  accessToken: string;
  /** The private JWK the token is bound to (RFC 9449); absent for a holder without DPoP. */
  dpopKey?: JWK;
  dpopNonce?: string;
}

const aad = (row: Pick<OmbudSignInRow, 'id'>) => `ombud-sign-in:${row.id}`;

export function sealOmbudTokens(
  ctx: WalletContext,
  account: AccountRow,
  row: Pick<OmbudSignInRow, 'id'>,
  tokens: OmbudTokens,
): string {
  return sealJson(dataKeyOf(ctx, account), aad(row), tokens);
}

export function openOmbudTokens(ctx: WalletContext, account: AccountRow, row: OmbudSignInRow): OmbudTokens {
  return openJson<OmbudTokens>(dataKeyOf(ctx, account), aad(row), row.sealed);
}
