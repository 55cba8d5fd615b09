/** The company contact profile, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zCompanyProfileUpdate, zCompanyProfileView } from './z-company-profile.js';

const zOrgParam = z.object({ org: z.string().meta({ description: 'Organisation number NNNNNN-NNNN' }) });
const notSignatory =
  'Not a current signatory: no signatory credential from Bolagsverket for this company that is in its period and `valid` in the status list (`access_denied`)';

export const companyProfilePaths: PathsSpec = {
  '/api/companies/{org}/profile': {
    get: {
      summary: 'The company’s contact profile (for its current signatories)',
      params: zOrgParam,
      responses: {
        200: { description: 'OK (`profile` null before the first change)', json: zCompanyProfileView },
      },
      errors: { ...errors(400, 401, 503), 403: notSignatory },
    },
    put: {
      summary: 'Change the company’s contact profile (any current signatory; checked at each change)',
      params: zOrgParam,
      body: zCompanyProfileUpdate,
      responses: { 200: { description: 'Saved', json: zCompanyProfileView } },
      errors: {
        ...errors(400, 401, 503),
        403: notSignatory,
        409: 'The profile has changed since `profile_version`; nothing stored',
      },
    },
  },
};
