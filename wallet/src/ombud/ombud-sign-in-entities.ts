import { EntitySchema } from 'typeorm';
import { epochColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * The person's current sign-in at Mina ombud for managing their powers of attorney: the access
 * token of a `mandates` sign-in (and the DPoP key it is bound to), sealed with the person's data
 * key (AAD `ombud-sign-in:<id>`). No refresh token comes with it (the holder's rule: every grant
 * takes a fresh sign-in), so the row is only good until `expires_at`. One per account.
 */
export interface OmbudSignInRow {
  id: string;
  accountId: string;
  credentialIssuer: string;
  sealed: string;
  expiresAt: number;
}

export const OmbudSignInEntity = new EntitySchema<OmbudSignInRow>({
  name: 'WalletOmbudSignIn',
  tableName: 'wallet_ombud_sign_in',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    credentialIssuer: textColumn('credential_issuer'),
    sealed: { type: 'text', name: 'sealed' },
    expiresAt: epochColumn('expires_at'),
  },
});
