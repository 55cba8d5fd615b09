import { companyIdentity } from './company-identity.js';
import { label, type HolderDefinition } from './holder-types.js';
import { signatory } from './signatory.js';

/** Bolagsverket: the company register, and who may sign for each company (issue #21). */
export const bolagsverket: HolderDefinition = {
  id: 'bolagsverket',
  name: label('Bolagsverket', 'Swedish Companies Registration Office'),
  description: label(
    'Utfärdar intyg om firmateckning och företagsidentitet.',
    'Issues certificates of authority to sign for a company and of company identity.',
  ),
  configurations: [signatory, companyIdentity],
};
