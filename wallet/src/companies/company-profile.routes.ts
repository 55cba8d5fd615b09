import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import type { CompanyProfileRow } from './company-profile-entities.js';
import { openCompanyProfile, saveCompanyProfile } from './company-profile.js';
import { currentSignatory } from './current-signatory.js';
import { zCompanyProfileUpdate, zOrgNumber } from './z-company-profile.js';

/**
 * The company contact profile (issue 21): read and changed by the company's current
 * signatories only, each request checked against their signatory credential and its status.
 */
export function companyProfileRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  const view = (orgNumber: string, companyName: string, row: CompanyProfileRow | null) => ({
    org_number: orgNumber,
    company_name: companyName,
    profile_version: row?.version ?? 0,
    updated_at: row ? new Date(row.updatedAt * 1000).toISOString() : null,
    profile: row ? openCompanyProfile(ctx, row) : null,
  });

  router.get('/api/companies/:org/profile', auth, async (req, res) => {
    const orgNumber = parseWithSchema(zOrgNumber, req.params.org, { what: 'organisation number' });
    const { companyName } = await currentSignatory(ctx, personOf(res).account, orgNumber);
    const row = await ctx.store.findCompanyProfile(orgNumber);
    res.set('Cache-Control', 'no-store').json(view(orgNumber, companyName, row));
  });

  router.put('/api/companies/:org/profile', auth, jsonBody(), async (req, res) => {
    const orgNumber = parseWithSchema(zOrgNumber, req.params.org, { what: 'organisation number' });
    const update = parseWithSchema(zCompanyProfileUpdate, req.body, { what: 'company profile' });
    // Checked at each change, not once: a signatory whose credential was revoked is refused.
    const { companyName } = await currentSignatory(ctx, personOf(res).account, orgNumber);
    const row = await saveCompanyProfile(ctx, orgNumber, update);
    ctx.logger.info({ company_profile_version: row.version }, 'company profile changed');
    res.set('Cache-Control', 'no-store').json(view(orgNumber, companyName, row));
  });
  return router;
}
