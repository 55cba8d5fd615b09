import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { describeDelivery, describePermission } from './describe-standing-permissions.js';
import {
  changePermissionFields,
  findPermissionOrFail,
  withdrawStandingPermission,
} from './manage-permission.js';
import { shareWithConsumers } from './share-with-consumers.js';
import { listStandingConsumers } from './standing-consumers.js';
import { zChangeFieldsBody, zShareBody } from './z-standing-permissions.js';

/** The person's standing permissions (docs/standing-permissions.md): see, share, narrow, withdraw. */
export function standingPermissionRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  const describeAll = async (accountId: string) => {
    const [rows, open] = await Promise.all([
      ctx.permissions.listPermissions(accountId),
      ctx.permissions.listOpenDeliveries(accountId),
    ]);
    return rows.map((row) => describePermission(row, open));
  };

  router.get('/api/standing-permissions', auth, async (_req, res) => {
    const { account } = personOf(res);
    res.set('Cache-Control', 'no-store').json({ permissions: await describeAll(account.id) });
  });

  router.get('/api/standing-permissions/consumers', auth, async (_req, res) => {
    const consumers = listStandingConsumers(await ctx.trustList.get()).map((c) => ({
      id: c.consumer.id,
      name: c.consumer.name,
      client_id: c.consumer.client_id,
      fields: c.fields,
      purposes: c.purposes,
    }));
    res.json({ consumers });
  });

  router.post('/api/standing-permissions', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const body = parseWithSchema(zShareBody, req.body, { what: 'standing permission' });
    const rows = await shareWithConsumers(ctx, account, body);
    const all = await describeAll(account.id);
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ permissions: rows.map((row) => all.find((p) => p.id === row.id)!) });
  });

  router.patch('/api/standing-permissions/:id', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const { fields } = parseWithSchema(zChangeFieldsBody, req.body, { what: 'standing permission' });
    const row = await changePermissionFields(ctx, account, req.params.id as string, fields);
    res
      .set('Cache-Control', 'no-store')
      .json(describePermission(row, await ctx.permissions.listOpenDeliveries(account.id)));
  });

  router.post('/api/standing-permissions/:id/withdraw', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await withdrawStandingPermission(ctx, account, req.params.id as string);
    res
      .set('Cache-Control', 'no-store')
      .json(describePermission(row, await ctx.permissions.listOpenDeliveries(account.id)));
  });

  router.get('/api/standing-permissions/:id/deliveries', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await findPermissionOrFail(ctx, account, req.params.id as string);
    const deliveries = await ctx.permissions.listDeliveries(account.id, row.id);
    res.set('Cache-Control', 'no-store').json({ deliveries: deliveries.map(describeDelivery) });
  });
  return router;
}
