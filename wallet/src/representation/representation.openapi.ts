/** "Jag företräder", for the OpenAPI document. */
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zRepresentation } from './z-representation.js';

export const representationPaths: PathsSpec = {
  '/api/representation': {
    get: {
      summary: 'Whom the person may act for ("Jag företräder"), from the valid credentials they hold',
      description:
        'Table-driven by credential type: a guardian credential names a child, a signatory credential a company, a mandate its principal. A party proven by several credentials is listed once with each.',
      responses: { 200: { description: 'OK', json: zRepresentation } },
      errors: errors(401),
    },
  },
};
