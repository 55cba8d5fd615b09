import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { describePermission } from '../standing-permissions/describe-standing-permissions.js';
import { withdrawPermissionOf } from '../standing-permissions/manage-permission.js';
import { companyOwnerId } from './company-owner.js';
import { currentSignatory } from './current-signatory.js';
import { companyStandingConsumers, shareCompanyProfile } from './share-company-profile.js';
import { zOrgNumber } from './z-company-profile.js';
import { zCompanyShareBody } from './z-company-sharing.js';

/**
 * The company's standing permissions (issue 21, docs/representation.md): seen, granted and
 * withdrawn by its current signatories only, each request checked against their signatory
 * credential and its status, as a change of the profile is.
 */
export function companySharingRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);
  const base = '/api/companies/:org/standing-permissions';

  const describeAll = async (orgNumber: string) => {
    const owner = companyOwnerId(orgNumber);
    const [rows, open] = await Promise.all([
      ctx.permissions.listPermissions(owner),
      ctx.permissions.listOpenDeliveries(owner),
    ]);
    return rows.map((row) => describePermission(row, open));
  };
  const orgOf = (org: unknown) => parseWithSchema(zOrgNumber, org, { what: 'organisation number' });

  router.get(base, auth, async (req, res) => {
    const orgNumber = orgOf(req.params.org);
    await currentSignatory(ctx, personOf(res).account, orgNumber);
    const consumers = (await companyStandingConsumers(ctx)).map((c) => ({
      id: c.consumer.id,
      name: c.consumer.name,
      client_id: c.consumer.client_id,
      fields: c.fields,
      purposes: c.purposes,
    }));
    res.set('Cache-Control', 'no-store').json({ consumers, permissions: await describeAll(orgNumber) });
  });

  router.post(base, auth, jsonBody(), async (req, res) => {
    const orgNumber = orgOf(req.params.org);
    const body = parseWithSchema(zCompanyShareBody, req.body, { what: 'standing permission' });
    const { account } = personOf(res);
    // Checked at each grant: a former signatory (revoked by Bolagsverket) is refused.
    await currentSignatory(ctx, account, orgNumber);
    const rows = await shareCompanyProfile(ctx, account, orgNumber, body);
    const all = await describeAll(orgNumber);
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ permissions: rows.map((row) => all.find((p) => p.id === row.id)!) });
  });

  router.post(`${base}/:id/withdraw`, auth, async (req, res) => {
    const orgNumber = orgOf(req.params.org);
    await currentSignatory(ctx, personOf(res).account, orgNumber);
    const owner = companyOwnerId(orgNumber);
    const row = await withdrawPermissionOf(ctx, owner, req.params.id as string);
    ctx.logger.info({ standing_permission: row.id }, 'company standing permission withdrawn');
    res
      .set('Cache-Control', 'no-store')
      .json(describePermission(row, await ctx.permissions.listOpenDeliveries(owner)));
  });
  return router;
}
