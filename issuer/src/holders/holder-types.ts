/**
 * What a data holder is and which credentials it issues. The catalogue is code (not config)
 * because each credential type maps register data to claims; an agency adds its own holder
 * by adding a file here and a register adapter.
 */
export interface LocalizedText {
  sv: string;
  en: string;
}

export interface ClaimDefinition {
  /** Claim path in the credential, as in OID4VCI `credential_metadata.claims[].path`. */
  path: Array<string | number | null>;
  label: LocalizedText;
  /** Selectively disclosable (every personal claim is). */
  disclosable: boolean;
}

export type CredentialFormat = 'dc+sd-jwt' | 'jwt_vc_json';

export interface CredentialConfiguration {
  /** Key in `credential_configurations_supported`. */
  id: string;
  format: CredentialFormat;
  /** Register record type the claims come from. */
  recordType: string;
  /** Last path segment of the `vct` URL (dc+sd-jwt) or the W3C type name (jwt_vc_json). */
  typeName: string;
  /** A `vct` fixed by its rulebook instead of the URL under the holder (the EU PID's `urn:eudi:pid:1`). */
  vct?: string;
  scope: string;
  name: LocalizedText;
  description: LocalizedText;
  claims: ClaimDefinition[];
  /** Validity in days from issuance; undefined means no `exp`. */
  validityDays?: number;
  /** Elements of array claims that are each disclosable (e.g. each course of a diploma). */
  disclosableArrayElements?: string[];
  backgroundColor: string;
  textColor: string;
  /** Several credentials from one register record (e.g. one per child); see credential-datasets.ts. */
  datasets?: (record: Record<string, unknown>, now: number) => CredentialDataset[];
}

/** One credential's worth of a register record: `ref` tells it apart from its siblings. */
export interface CredentialDataset {
  ref: string;
  claims: Record<string, unknown>;
  /** Ends the credential's validity earlier than `validityDays` would (epoch seconds). */
  expiresAt?: number;
}

export interface HolderDefinition {
  /** Path segment and id: `/af`, `/skatteverket`, … */
  id: string;
  name: LocalizedText;
  description: LocalizedText;
  configurations: CredentialConfiguration[];
  /** Scopes it grants that are not credentials, besides `usage_log` (Mina ombud: `mandates`). */
  grantScopes?: string[];
}

export function label(sv: string, en: string): LocalizedText {
  return { sv, en };
}

export function claim(
  path: ClaimDefinition['path'],
  sv: string,
  en: string,
  disclosable = true,
): ClaimDefinition {
  return { path, label: { sv, en }, disclosable };
}

/** Claims every personal credential of the demo holders carries about the person. */
export const nameClaims: ClaimDefinition[] = [
  claim(['given_name'], 'Förnamn', 'Given name'),
  claim(['family_name'], 'Efternamn', 'Family name'),
];

export const personalNumberClaim = claim(
  ['personal_identity_number'],
  'Personnummer',
  'Personal identity number',
);

export const coordinationNumberClaim = claim(
  ['coordination_number'],
  'Samordningsnummer',
  'Coordination number',
);

/**
 * Whom a personal credential is issued to: every credential carries exactly one of these (a
 * person has a personal identity number or, instead, a coordination number, as the Swedish
 * OIDC profile keeps them apart), selectively disclosable like every personal claim. Wallets
 * refuse a credential that names someone other than their owner.
 */
export const holderNumberClaims: ClaimDefinition[] = [personalNumberClaim, coordinationNumberClaim];
