import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { open } from '../crypto/data-keys.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { describePresentationRequest } from '../presentation/describe-presentation-request.js';
import { resolvePresentationRequest } from '../presentation/resolve-presentation-request.js';
import type { WalletCaseRow } from './case-entities.js';
import { describeCase, describeCases } from './describe-cases.js';
import { documentAad, receiveCaseEvent } from './receive-case-event.js';
import { stopCase } from './stop-case.js';
import { MAX_CASE_DOCUMENT_BYTES, zCaseInboxBody } from './z-case-event.js';

/** "Mina ärenden" (docs/cases.md): the person's cases, and the inbox their bodies post to. */
export function caseRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  const ownCase = async (accountId: string, id: string): Promise<WalletCaseRow> => {
    const row = await ctx.cases.findCase(accountId, id);
    if (!row) throw new OAuthError('not_found', 'no such case');
    return row;
  };

  router.get('/api/cases', auth, async (_req, res) => {
    const { account } = personOf(res);
    res.set('Cache-Control', 'no-store').json(await describeCases(ctx, account.id));
  });

  router.get('/api/cases/:id', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await ownCase(account.id, req.params.id as string);
    res.set('Cache-Control', 'no-store').json(await describeCase(ctx, row));
  });

  router.post('/api/cases/:id/stop', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await ownCase(account.id, req.params.id as string);
    const told = await stopCase(ctx, row);
    const stopped = await ownCase(account.id, row.id);
    res.set('Cache-Control', 'no-store').json({ ...(await describeCase(ctx, stopped)), ...told });
  });

  // The person answers a `needs_information` from the case: the ordinary request view follows.
  router.post('/api/cases/:id/events/:eventId/answer', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await ownCase(account.id, req.params.id as string);
    const event = await ctx.cases.findEvent(row.id, req.params.eventId as string);
    if (!event || event.type !== 'needs_information' || !event.requestUri || !event.requestClientId) {
      throw new OAuthError('not_found', 'no information request with that id in this case');
    }
    if (row.status !== 'open')
      throw new OAuthError('invalid_request', `the case is ${row.status}`, { status: 409 });
    const link = `openid4vp://?${new URLSearchParams({ client_id: event.requestClientId, request_uri: event.requestUri })}`;
    const request = await resolvePresentationRequest(ctx, account, link);
    if (request.clientId !== row.clientId) {
      throw new OAuthError('invalid_request', 'the request does not come from the case’s consumer');
    }
    await ctx.cases.setAnswerRequest(row.id, event.id, request.id, ctx.now());
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await describePresentationRequest(ctx, account, request));
  });

  router.get('/api/cases/:id/events/:eventId/document', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await ownCase(account.id, req.params.id as string);
    const event = await ctx.cases.findEvent(row.id, req.params.eventId as string);
    if (!event?.document || !event.documentMeta)
      throw new OAuthError('not_found', 'no document with that event');
    const bytes = open(dataKeyOf(ctx, account), documentAad(row.id, event.seq), event.document);
    res.set('Cache-Control', 'no-store').type(event.documentMeta.media_type).send(bytes);
  });

  router.post(
    '/case-inbox/:capability',
    jsonBody(`${Math.ceil((MAX_CASE_DOCUMENT_BYTES * 4) / 3 / 1024) * 2}kb`),
    async (req, res) => {
      if (!req.is('application/json')) {
        throw new OAuthError('unsupported_media_type', 'the event must be application/json');
      }
      const body = parseWithSchema(zCaseInboxBody, req.body ?? {}, { what: 'case event' });
      const answer = await receiveCaseEvent(ctx, req.params.capability as string, body);
      res.set('Cache-Control', 'no-store').json(answer);
    },
  );

  return router;
}
