import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * A company's contact profile, kept by the wallet service per org number (issue 21): it belongs
 * to the company, not to whichever signatory last changed it, so no account owns the row and
 * closing a signatory's account leaves it. Sealed with the company's own data key, kept wrapped
 * by the wallet's master key (AAD `account-key:company:<org>`, the profile `company-profile:<org>`).
 * The company key that signs its profile credential is named here too (`signingKmsKid`).
 */
export interface CompanyProfileRow {
  orgNumber: string;
  wrappedKey: string;
  sealed: string;
  version: number;
  updatedAt: number;
  /** The company key (KMS key id) that signs its profile credential; made on first need. */
  signingKmsKid: string | null;
}

export const CompanyProfileEntity = new EntitySchema<CompanyProfileRow>({
  name: 'WalletCompanyProfile',
  tableName: 'wallet_company_profile',
  columns: {
    orgNumber: { type: 'varchar', primary: true, name: 'org_number' },
    wrappedKey: textColumn('wrapped_key'),
    sealed: { type: 'text', name: 'sealed' },
    version: intColumn('version'),
    updatedAt: epochColumn('updated_at'),
    signingKmsKid: textColumn('signing_kms_kid', true),
  },
});
