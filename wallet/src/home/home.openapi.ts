/** The start page's summary, for the OpenAPI document. */
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zAsker, zAskerQuery } from './z-asker.js';
import { zHomeSummary } from './z-home-summary.js';

export const homePaths: PathsSpec = {
  '/api/home': {
    get: {
      summary: 'What needs the person now that no other route lists: requests opened but not yet answered',
      responses: { 200: { description: 'OK', json: zHomeSummary.meta({ id: 'HomeSummary' }) } },
      errors: errors(401),
    },
  },
  '/api/asker': {
    get: {
      summary: 'Who a request link says is asking, by the trust list (for the welcome before sign-in)',
      description:
        "Reads only the link's client_id and looks it up in the trust list: nothing is fetched or stored, and no session is needed. The request itself (and its signature) is checked when the signed-in person opens it.",
      security: [],
      query: zAskerQuery,
      responses: { 200: { description: 'OK', json: zAsker.meta({ id: 'Asker' }) } },
      errors: errors(400),
    },
  },
};
