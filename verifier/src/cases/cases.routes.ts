import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { authenticatedConsumer, requireConsumer } from '../http/require-consumer.js';
import type { CaseRow } from './case-entities.js';
import { caseStopPath } from './case-endpoints.js';
import { describeCase, describeCaseEvent } from './describe-case.js';
import { postCaseEvent } from './post-case-event.js';
import { stopCase } from './stop-case.js';
import { MAX_CASE_DOCUMENT_BYTES, zCaseEventBody, zCaseStop } from './z-case.js';

/**
 * Cases (docs/cases.md): the consumer's API (`/api/cases…`, its API key) and the wallet's
 * stop notice (`/consumers/{id}/cases/stop`).
 */
export function caseRoutes(ctx: VerifierContext): Router {
  const router = Router();
  const auth = requireConsumer(ctx);

  const ownCase = async (consumer: ConsumerRuntime, id: string): Promise<CaseRow> => {
    const row = await ctx.cases.findCase(id);
    // Another consumer's case is as unknown as a missing one.
    if (!row || row.consumerId !== consumer.config.id)
      throw new OAuthError('unknown_case', 'no case with that id');
    return row;
  };

  router.get('/api/cases', auth, async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const rows = await ctx.cases.listCases(consumer.config.id, 100);
    res.set('Cache-Control', 'no-store').json({ cases: rows.map(describeCase) });
  });

  router.get('/api/cases/:id', auth, async (req, res) => {
    const row = await ownCase(authenticatedConsumer(req), req.params.id as string);
    const events = await ctx.cases.listEvents(row.id);
    res.set('Cache-Control', 'no-store').json({
      ...describeCase(row),
      events: await Promise.all(events.map((event) => describeCaseEvent(ctx, event))),
    });
  });

  router.post(
    '/api/cases/:id/events',
    auth,
    // A decision's document in base64, with room for the rest of the event.
    jsonBody(`${Math.ceil((MAX_CASE_DOCUMENT_BYTES * 4) / 3 / 1024) + 64}kb`),
    async (req, res) => {
      const consumer = authenticatedConsumer(req);
      const caseRow = await ownCase(consumer, req.params.id as string);
      const body = parseWithSchema(zCaseEventBody, req.body ?? {}, { what: 'case event' });
      const row = await postCaseEvent({ ctx, consumer, caseRow, body });
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json(await describeCaseEvent(ctx, row));
    },
  );

  router.post(caseStopPath, jsonBody('4kb'), async (req, res) => {
    const consumer = ctx.consumers.get(req.params.consumerId as string);
    if (!consumer) throw new OAuthError('not_found', 'no such consumer');
    const body = parseWithSchema(zCaseStop, req.body ?? {}, { what: 'case stop' });
    const status = await stopCase(ctx, consumer, body.case_id);
    res.set('Cache-Control', 'no-store').json({ status });
  });

  return router;
}
