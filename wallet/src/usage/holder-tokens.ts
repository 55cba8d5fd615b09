import type { JWK } from 'jose';
import { openJson, sealJson } from '../crypto/data-keys.js';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { HolderConnectionRow } from '../persistence/holder-connection-entities.js';

/** What a holder connection keeps sealed: the tokens of its `usage_log` sign-in and their DPoP key. */
export interface HolderTokens {
  refreshToken: string;
  accessToken: string;
  /** Epoch seconds. */
  accessTokenExpiresAt: number;
  /** The private JWK the tokens are bound to (RFC 9449); absent for a holder without DPoP. */
  dpopKey?: JWK;
  /** The holder's last `DPoP-Nonce`, sent with the next proof. */
  dpopNonce?: string;
}

const aad = (row: Pick<HolderConnectionRow, 'id'>) => `holder-connection:${row.id}`;

export function sealHolderTokens(
  ctx: WalletContext,
  account: AccountRow,
  row: Pick<HolderConnectionRow, 'id'>,
  tokens: HolderTokens,
): string {
  return sealJson(dataKeyOf(ctx, account), aad(row), tokens);
}

export function openHolderTokens(
  ctx: WalletContext,
  account: AccountRow,
  row: HolderConnectionRow,
): HolderTokens {
  return openJson<HolderTokens>(dataKeyOf(ctx, account), aad(row), row.sealed);
}
