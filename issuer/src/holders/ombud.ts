import { label, type HolderDefinition } from './holder-types.js';
import { mandate } from './mandate.js';
import { mandatesScope } from '../ombud/mandates-scope.js';

/**
 * Mina ombud (Bolagsverket's service for who may act for whom): a person grants another a
 * power of attorney from their wallet, and the agent fetches it here as a mandate credential
 * (issue #21, docs/representation.md).
 */
export const ombud: HolderDefinition = {
  id: 'ombud',
  name: label('Mina ombud', 'Mina ombud (powers of attorney)'),
  description: label(
    'Utfärdar fullmakter som en person har gett ett ombud.',
    'Issues the powers of attorney a person has given an agent.',
  ),
  configurations: [mandate],
  grantScopes: [mandatesScope],
};
