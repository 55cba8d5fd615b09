import { demoPeople } from '@min-profil/shared/demo-people';
import type { DemoRecord } from './demo-register-data.js';

/**
 * Bolagsverket's demo company register (issue #21): who may sign for which company and how.
 * The signing rule (firmateckning) is the register's: `alone` (ensam), `two_jointly` (två i
 * förening: any two of the signatories together) or `board_jointly` (styrelsen gemensamt).
 * Org numbers have valid check digits and are made up for this project.
 */
export type SigningRule = 'alone' | 'two_jointly' | 'board_jointly';

export interface DemoCompany {
  org_number: string;
  name: string;
  legal_form: string;
  postal_address: { street_address: string; postal_code: string; locality: string };
  signing_rule: SigningRule;
  registered: string;
  signatories: Array<{ identityNumber: string; role: string; valid_from: string; valid_until?: string }>;
}

const tolvan = '191212121212';
const samir = '198806244417';
const karin = '197011082232';

export const demoCompanies: readonly DemoCompany[] = [
  {
    org_number: '556812-3458',
    name: 'Tolvans Bygg AB',
    legal_form: 'Aktiebolag',
    postal_address: { street_address: 'Storgatan 12', postal_code: '111 22', locality: 'Stockholm' },
    signing_rule: 'alone',
    registered: '2012-12-12',
    signatories: [{ identityNumber: tolvan, role: 'Verkställande direktör', valid_from: '2012-12-12' }],
  },
  {
    org_number: '556934-5670',
    name: 'Berg & Haddad Konsult AB',
    legal_form: 'Aktiebolag',
    postal_address: { street_address: 'Björkvägen 7', postal_code: '752 31', locality: 'Uppsala' },
    signing_rule: 'two_jointly',
    registered: '2024-03-01',
    signatories: [
      { identityNumber: karin, role: 'Styrelseledamot', valid_from: '2024-03-01' },
      { identityNumber: samir, role: 'Styrelseledamot', valid_from: '2024-03-01' },
    ],
  },
  {
    org_number: '769612-3459',
    name: 'Solbackens Föräldraförening ek. för.',
    legal_form: 'Ekonomisk förening',
    postal_address: { street_address: 'Skolvägen 1', postal_code: '123 45', locality: 'Exempelby' },
    signing_rule: 'board_jointly',
    registered: '2019-08-15',
    signatories: [
      { identityNumber: karin, role: 'Ordförande', valid_from: '2019-08-15' },
      {
        identityNumber: tolvan,
        role: 'Styrelseledamot',
        valid_from: '2019-08-15',
        valid_until: '2025-06-30',
      },
    ],
  },
  {
    // A three-member board that signs together (styrelsen gemensamt): all three approve.
    org_number: '769640-1517',
    name: 'Brf Björkhagen',
    legal_form: 'Bostadsrättsförening',
    postal_address: { street_address: 'Björkhagsvägen 3', postal_code: '121 53', locality: 'Stockholm' },
    signing_rule: 'board_jointly',
    registered: '2021-05-10',
    signatories: [
      { identityNumber: karin, role: 'Ordförande', valid_from: '2021-05-10' },
      { identityNumber: samir, role: 'Styrelseledamot', valid_from: '2021-05-10' },
      { identityNumber: tolvan, role: 'Styrelseledamot', valid_from: '2021-05-10' },
    ],
  },
];

/** Each board member's term, without who they are: how many sit now is counted at issuance. */
function boardTerms(company: DemoCompany) {
  return company.signatories.map((s) => ({
    valid_from: s.valid_from,
    ...(s.valid_until ? { valid_until: s.valid_until } : {}),
  }));
}

/** What Bolagsverket's register says about one company, as the company identity credential carries it. */
export function companyFacts(company: DemoCompany) {
  return {
    org_number: company.org_number,
    company_name: company.name,
    legal_form: company.legal_form,
    postal_address: company.postal_address,
    signing_rule: company.signing_rule,
  };
}

/**
 * One `signatory` record per person who signs for at least one company: the person and each
 * company with their role in it. Both of Bolagsverket's credentials are made from it, one per
 * company (holders/signatory.ts, holders/company-identity.ts).
 */
export const demoSignatoryRecords: DemoRecord[] = demoPeople
  .map((person) => ({
    person,
    companies: demoCompanies.flatMap((company) =>
      company.signatories
        .filter((s) => s.identityNumber === person.identityNumber)
        .map((s) => ({
          ...companyFacts(company),
          role: s.role,
          valid_from: s.valid_from,
          ...(s.valid_until ? { valid_until: s.valid_until } : {}),
          // The board's terms (no one's number): the signatory credential counts those in force.
          ...(company.signing_rule === 'board_jointly' ? { board_terms: boardTerms(company) } : {}),
        })),
    ),
  }))
  .filter(({ companies }) => companies.length > 0)
  .map(({ person, companies }) => ({
    holderId: 'bolagsverket',
    identityNumber: person.identityNumber,
    recordType: 'signatory',
    data: {
      given_name: person.givenName,
      family_name: person.familyName,
      [person.kind]: person.identityNumber,
      companies,
    },
  }));
