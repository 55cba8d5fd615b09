import type { SigningRule } from '../register/demo-companies.js';
import {
  claim,
  holderNumberClaims,
  label,
  nameClaims,
  type CredentialConfiguration,
  type CredentialDataset,
} from './holder-types.js';
import { endOfSwedishDay, inForce } from './swedish-day.js';

/** A company in a person's `signatory` record (register/demo-companies.ts). */
export interface SignatoryCompany {
  org_number: string;
  company_name: string;
  legal_form: string;
  postal_address: Record<string, string>;
  signing_rule: SigningRule;
  role: string;
  valid_from: string;
  valid_until?: string;
  /** `board_jointly`: each board member's term (register/demo-companies.ts). */
  board_terms?: Array<{ valid_from?: string; valid_until?: string }>;
}

/** The companies of a `signatory` record for which the person is a signatory at `now`. */
export function companiesInForce(record: Record<string, unknown>, now: number): SignatoryCompany[] {
  const companies = (record.companies ?? []) as SignatoryCompany[];
  return companies.filter((company) => inForce(company, now));
}

/** The person's own claims in the record, without the company list. */
export function personOf(record: Record<string, unknown>): Record<string, unknown> {
  const { companies: _companies, ...person } = record;
  return person;
}

/**
 * One signatory credential per company the person signs for now, ending when the register
 * says their role ends. The dataset ref is the org number (not secret: it is public).
 */
export function signatoryDatasets(record: Record<string, unknown>, now: number): CredentialDataset[] {
  return companiesInForce(record, now).map((company) => ({
    ref: company.org_number,
    claims: {
      ...personOf(record),
      org_number: company.org_number,
      company_name: company.company_name,
      role: company.role,
      signing_rule: company.signing_rule,
      valid_from: company.valid_from,
      ...(company.valid_until ? { valid_until: company.valid_until } : {}),
      // Styrelsen gemensamt: how many must approve (docs/representation.md). Credentials issued
      // before this claim lack it; the verifier then asks the holder for a new one.
      ...(company.board_terms
        ? { board_size: company.board_terms.filter((term) => inForce(term, now)).length }
        : {}),
    },
    ...(company.valid_until ? { expiresAt: endOfSwedishDay(company.valid_until) } : {}),
  }));
}

/**
 * Bolagsverket's signatory credential (firmatecknare): that the holder may sign for the
 * company, in which role and under which signing rule. The company and the rule are what the
 * credential is about, so they are always shown; the person's own details are disclosable.
 */
export const signatory: CredentialConfiguration = {
  id: 'signatory',
  format: 'dc+sd-jwt',
  typeName: 'signatory',
  recordType: 'signatory',
  scope: 'bolagsverket_signatory',
  name: label('Firmatecknare', 'Authorised signatory'),
  description: label(
    'Att personen får teckna firman för företaget, i vilken roll och enligt vilken firmateckningsregel.',
    'That the person may sign for the company, in which role and under which signing rule.',
  ),
  claims: [
    ...nameClaims,
    ...holderNumberClaims,
    claim(['org_number'], 'Organisationsnummer', 'Organisation number', false),
    claim(['company_name'], 'Företagsnamn', 'Company name', false),
    claim(['role'], 'Roll', 'Role', false),
    claim(['signing_rule'], 'Firmateckning', 'Signing rule', false),
    claim(['board_size'], 'Antal styrelseledamöter', 'Board members', false),
    claim(['valid_from'], 'Giltigt från', 'Valid from', false),
    claim(['valid_until'], 'Giltigt till', 'Valid until', false),
  ],
  validityDays: 365,
  datasets: signatoryDatasets,
  backgroundColor: '#0b4f3c',
  textColor: '#ffffff',
};
