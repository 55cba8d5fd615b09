import {
  claim,
  holderNumberClaims,
  label,
  type CredentialConfiguration,
  type CredentialDataset,
} from './holder-types.js';
import { companiesInForce, personOf } from './signatory.js';

/**
 * The EUID of a Swedish company (Regulation (EU) 2021/1042, BRIS): country code, the register's
 * code and the registration number. `SEBOLREG` is the demo's code for Bolagsverket's register.
 */
export function euidOf(orgNumber: string): string {
  return `SEBOLREG.${orgNumber.replace('-', '')}`;
}

/**
 * One company identity credential per company the person signs for now: the legal person's
 * identification data in the shape of the eIDAS minimum dataset for legal persons (Regulation
 * (EU) 2015/1501 Annex: current legal name, unique identifier; optional address and EUID),
 * held by a signatory, who may present it on the company's behalf.
 */
export function companyIdentityDatasets(record: Record<string, unknown>, now: number): CredentialDataset[] {
  const { personal_identity_number, coordination_number } = personOf(record);
  return companiesInForce(record, now).map((company) => ({
    ref: company.org_number,
    claims: {
      ...(personal_identity_number ? { personal_identity_number } : {}),
      ...(coordination_number ? { coordination_number } : {}),
      org_number: company.org_number,
      euid: euidOf(company.org_number),
      legal_name: company.company_name,
      company_name: company.company_name,
      legal_form: company.legal_form,
      postal_address: company.postal_address,
    },
  }));
}

export const companyIdentity: CredentialConfiguration = {
  id: 'company_identity',
  format: 'dc+sd-jwt',
  typeName: 'company_identity',
  recordType: 'signatory',
  scope: 'bolagsverket_company_identity',
  name: label('Företagsidentitet', 'Company identity'),
  description: label(
    'Vilket företag det är enligt Bolagsverkets register: organisationsnummer, EUID, namn och postadress.',
    "Which company it is according to the Swedish Companies Registration Office's register: organisation number, EUID, name and postal address.",
  ),
  claims: [
    // The holder (a signatory) is named like on every credential; the company's data are public.
    ...holderNumberClaims,
    claim(['org_number'], 'Organisationsnummer', 'Organisation number', false),
    claim(['euid'], 'EUID', 'EUID', false),
    claim(['legal_name'], 'Registrerat namn', 'Legal name', false),
    claim(['company_name'], 'Företagsnamn', 'Company name', false),
    claim(['legal_form'], 'Företagsform', 'Legal form'),
    claim(['postal_address'], 'Postadress', 'Postal address'),
    claim(['postal_address', 'street_address'], 'Gatuadress', 'Street address'),
    claim(['postal_address', 'postal_code'], 'Postnummer', 'Postal code'),
    claim(['postal_address', 'locality'], 'Postort', 'Locality'),
  ],
  validityDays: 365,
  datasets: companyIdentityDatasets,
  backgroundColor: '#0b3f4f',
  textColor: '#ffffff',
};
