import { Router, type Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { serviceRateLimit } from '@min-profil/shared/rate-limit';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { VerifierContext } from '../context.js';
import { authenticatedConsumer, requireConsumer } from '../http/require-consumer.js';
import type { ConsentRecordRow, ConsentUsageRow } from '../persistence/consent-record-entities.js';
import { recordForCapability } from './capability.js';
import { requestDeletion } from './request-deletion.js';
import { zNewUse, zRecordIdParam, zRecordParams } from './z-consent-records.js';

const iso = (epoch: number | null) => (epoch === null ? null : new Date(epoch * 1000).toISOString());

const describeUse = (use: ConsentUsageRow) => ({
  at: iso(use.at)!,
  action: use.action,
  fields: use.fields,
  purpose: use.purpose,
});

const describeRecord = (row: ConsentRecordRow) => ({
  id: row.id,
  presentation_request_id: row.presentationRequestId,
  standing_permission_id: row.standingPermissionId,
  fields: row.fields,
  status: row.status,
  issued_at: iso(row.issuedAt)!,
  expires_at: iso(row.expiresAt)!,
  deletion_requested_at: iso(row.deletionRequestedAt),
});

/**
 * Consent records (docs/consent-records.md). For the holder of a record (its capability as
 * Bearer): the consumer's later uses, and erasure. For the consumer (its API key): its records,
 * their uses, and reporting a use its own system made.
 */
export function consentRecordRoutes(ctx: VerifierContext): Router {
  const router = Router();
  // `/api` is limited by the app; the holder's endpoints here.
  router.use('/consumers/:consumerId/records', serviceRateLimit(ctx, 'records'));
  const holderRecord = (req: Request) =>
    recordForCapability(ctx, req, parseWithSchema(zRecordParams, req.params, { what: 'path' }));

  router.get('/consumers/:consumerId/records/:recordId/usage', async (req, res) => {
    const record = await holderRecord(req);
    const uses = await ctx.consentRecords.listUses(record.id, 100);
    res.set('Cache-Control', 'no-store').json({ record_id: record.id, uses: uses.map(describeUse) });
  });

  router.post('/consumers/:consumerId/records/:recordId/deletion-request', async (req, res) => {
    const record = await holderRecord(req);
    const { status, answer } = await requestDeletion(ctx, record);
    res.set('Cache-Control', 'no-store').json({ record_id: record.id, status, answer });
  });

  const auth = requireConsumer(ctx);
  const ownRecord = async (req: Request) => {
    const { id } = parseWithSchema(zRecordIdParam, req.params, { what: 'path' });
    const record = await ctx.consentRecords.findRecord(id);
    // Another consumer's record is as unknown as a missing one.
    if (!record || record.consumerId !== authenticatedConsumer(req).config.id) {
      throw new OAuthError('not_found', 'no such consent record');
    }
    return record;
  };

  router.get('/api/consent-records', auth, async (req, res) => {
    const rows = await ctx.consentRecords.listRecords(authenticatedConsumer(req).config.id, 100);
    res.set('Cache-Control', 'no-store').json({ consent_records: rows.map(describeRecord) });
  });

  router.get('/api/consent-records/:id/usage', auth, async (req, res) => {
    const record = await ownRecord(req);
    const uses = await ctx.consentRecords.listUses(record.id, 100);
    res.set('Cache-Control', 'no-store').json({ record_id: record.id, uses: uses.map(describeUse) });
  });

  router.post('/api/consent-records/:id/usage', auth, jsonBody(), async (req, res) => {
    const record = await ownRecord(req);
    const use = parseWithSchema(zNewUse, req.body ?? {}, { what: 'use' });
    if (record.status === 'deleted') throw new OAuthError('invalid_request', 'this record was erased');
    const row = await ctx.consentRecords.logUse({
      recordId: record.id,
      at: ctx.now(),
      action: use.action,
      fields: use.fields,
      purpose: use.purpose ?? null,
    });
    res.status(201).json(describeUse(row));
  });
  return router;
}
