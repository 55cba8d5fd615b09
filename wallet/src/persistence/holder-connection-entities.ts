import { EntitySchema } from 'typeorm';
import { epochColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * The person's connection to one holder's usage log ("Vem har tagit del?"): what the holder's
 * `usage_log` sign-in gave the wallet — a rotated refresh token, the current access token and
 * the DPoP key both are bound to — sealed with the person's data key (AAD
 * `holder-connection:<id>`), as credentials are. One per account and holder.
 */
export interface HolderConnectionRow {
  id: string;
  accountId: string;
  credentialIssuer: string;
  sealed: string;
  connectedAt: number;
  /** Set while one request refreshes the tokens, so two never spend the same refresh token. */
  refreshLeaseUntil: number | null;
}

export const HolderConnectionEntity = new EntitySchema<HolderConnectionRow>({
  name: 'WalletHolderConnection',
  tableName: 'wallet_holder_connection',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    credentialIssuer: textColumn('credential_issuer'),
    sealed: { type: 'text', name: 'sealed' },
    connectedAt: epochColumn('connected_at'),
    refreshLeaseUntil: epochColumn('refresh_lease_until', true),
  },
});
