import { Router, type Response } from 'express';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { describeConsentRecord } from './describe-consent-record.js';
import { readUsage, requestErasure } from './request-erasure.js';

const zIdParam = z.object({ id: z.uuid() });

/** Consent records consumers returned for the person's shares (docs/consent-records.md). */
export function consentRecordsRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  const load = async (res: Response, params: unknown) => {
    const { id } = parseWithSchema(zIdParam, params, { what: 'path' });
    const { account } = personOf(res);
    const row = await ctx.store.findConsentRecord(account.id, id);
    if (!row) throw new OAuthError('not_found', 'no such consent record');
    return { account, row };
  };

  router.get('/api/consent-records', auth, async (_req, res) => {
    const { account } = personOf(res);
    const rows = await ctx.store.listConsentRecords(account.id);
    res.set('Cache-Control', 'no-store').json({ consent_records: rows.map(describeConsentRecord) });
  });

  router.get('/api/consent-records/:id/usage', auth, async (req, res) => {
    const { account, row } = await load(res, req.params);
    if (row.deletionState === 'deleted')
      throw new OAuthError('invalid_request', 'the consumer erased what this record covers', { status: 409 });
    res.set('Cache-Control', 'no-store').json({ uses: await readUsage(ctx, account, row) });
  });

  router.post('/api/consent-records/:id/deletion-request', auth, async (req, res) => {
    const { account, row } = await load(res, req.params);
    await requestErasure(ctx, account, row);
    const updated = (await ctx.store.findConsentRecord(account.id, row.id))!;
    res.set('Cache-Control', 'no-store').json(describeConsentRecord(updated));
  });
  return router;
}
