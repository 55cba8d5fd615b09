import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * A signature the page must make with a holder key only it can unwrap (docs/passkeys.md,
 * "Signing in the page"). Single use (taken with one DELETE) and short-lived; what the server
 * continues with once the signatures arrive is sealed with the person's data key.
 */
export interface SigningRequestRow {
  id: string;
  accountId: string;
  /**
   * What the signatures complete: `presentation` (a KB-JWT per passkey-bound copy) or `issuance`
   * (a credential request's proof JWT per page-made key).
   */
  kind: 'presentation' | 'issuance';
  /** Per signature, in order: the wrapped key that must sign and the JWS signing input. */
  inputs: Array<{ keyId: string; signingInput: string }>;
  /** The rest of the operation, sealed with the data key (AAD: the row id and account). */
  continuation: string;
  createdAt: number;
  expiresAt: number;
}

export const SigningRequestEntity = new EntitySchema<SigningRequestRow>({
  name: 'WalletSigningRequest',
  tableName: 'wallet_signing_request',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    kind: textColumn('kind'),
    inputs: jsonColumn('inputs'),
    continuation: { name: 'continuation', type: 'text' },
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
  },
});
