/** The start page's summary, for the OpenAPI document. */
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zHomeSummary } from './z-home-summary.js';

export const homePaths: PathsSpec = {
  '/api/home': {
    get: {
      summary: 'What needs the person now that no other route lists: requests opened but not yet answered',
      responses: { 200: { description: 'OK', json: zHomeSummary.meta({ id: 'HomeSummary' }) } },
      errors: errors(401),
    },
  },
};
