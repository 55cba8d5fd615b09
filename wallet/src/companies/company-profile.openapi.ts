/** The company contact profile, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zCompanyProfileUpdate, zCompanyProfileView } from './z-company-profile.js';
import { zCompanyShareBody } from './z-company-sharing.js';

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

const zPermissionList = z.object({ permissions: z.array(z.record(z.string(), z.unknown())) });

/** The company's standing permissions (issue 21). */
export const companySharingPaths: PathsSpec = {
  '/api/companies/{org}/standing-permissions': {
    get: {
      summary: 'The bodies the company profile can be shared with, and the company’s standing permissions',
      params: zOrgParam,
      responses: {
        200: {
          description: 'OK',
          json: z.object({
            consumers: z.array(z.record(z.string(), z.unknown())),
            permissions: zPermissionList.shape.permissions,
          }),
        },
      },
      errors: { ...errors(400, 401, 503), 403: notSignatory },
    },
    post: {
      summary:
        'Share the company profile with bodies under standing permissions; deliveries are signed by the company key the service holds',
      params: zOrgParam,
      body: zCompanyShareBody,
      responses: { 201: { description: 'Granted', json: zPermissionList } },
      errors: {
        ...errors(400, 401, 503),
        403: notSignatory,
        409: 'The company profile is not saved yet, or a share with the same body went first',
      },
    },
  },
  '/api/companies/{org}/standing-permissions/{id}/withdraw': {
    post: {
      summary: 'Withdraw one of the company’s standing permissions (any current signatory)',
      params: zOrgParam.extend({ id: z.string() }),
      responses: { 200: { description: 'Withdrawn', json: z.record(z.string(), z.unknown()) } },
      errors: { ...errors(400, 401, 404, 503), 403: notSignatory },
    },
  },
};
