import { Router, type Response } from 'express';
import type { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import { safeReturnTo } from '../auth/sign-in.js';
import type { WalletContext } from '../context.js';
import { startHolderFetch } from '../holders/holder-fetch.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { callOmbud } from './call-ombud.js';
import { zMandateRequest } from '@min-profil/shared/ombud/z-mandate-request';
import { zMandateGrant, zMandateId, zMandateList, zOmbudSignInRequest } from './z-ombud.js';

/** Mina ombud's id in the trust list. */
const ombudId = 'ombud';

/** What Mina ombud answered, checked: a holder's odd answer is its fault, not the person's. */
function answered<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new OAuthError('access_denied', 'Mina ombud answered something that is not a power of attorney', {
      status: 502,
    });
  }
  return parsed.data;
}

/**
 * "Mina ombud" in the wallet (issue 21): the person signs in at Mina ombud (a `mandates` sign-in,
 * like a usage-log connection but with no refresh token), then gives, sees and revokes their
 * powers of attorney here; the wallet passes each on with that sign-in's token, so Mina ombud
 * alone decides who the principal is.
 */
export function ombudRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);
  const noStore = (res: Response) => res.set('Cache-Control', 'no-store');

  router.get('/api/ombud', auth, async (_req, res) => {
    const { account } = personOf(res);
    const row = await ctx.store.findOmbudSignIn(account.id);
    if (!row || row.expiresAt <= ctx.now()) {
      noStore(res).json({ signed_in: false });
      return;
    }
    const { body } = await callOmbud(ctx, account, { method: 'GET', path: '/mandates' });
    const list = answered(zMandateList, body);
    noStore(res).json({
      signed_in: true,
      signed_in_until: new Date(row.expiresAt * 1000).toISOString(),
      ...list,
    });
  });

  router.post('/api/ombud/sign-in', auth, jsonBody(), async (req, res) => {
    const body = parseWithSchema(zOmbudSignInRequest, req.body ?? {}, { what: 'sign-in request' });
    const { account, via } = personOf(res);
    const ombud = (await ctx.trustList.get()).issuers.find((i) => i.id === ombudId);
    if (!ombud) throw new OAuthError('not_found', 'Mina ombud is not in the trust list');
    const started = await startHolderFetch(ctx, account, {
      credentialIssuer: ombud.credential_issuer,
      configurationIds: [],
      returnTo: safeReturnTo(body.return_to ?? '/ombud'),
      sessionBound: via === 'session',
      mandates: true,
    });
    noStore(res).status(201).json({ authorization_url: started.startUrl });
  });

  router.delete('/api/ombud/sign-in', auth, async (_req, res) => {
    await ctx.store.deleteOmbudSignIn(personOf(res).account.id);
    res.status(204).end();
  });

  router.post('/api/ombud/mandates', auth, jsonBody(), async (req, res) => {
    const grant = parseWithSchema(zMandateRequest, req.body, { what: 'power of attorney' });
    const { account } = personOf(res);
    const { body } = await callOmbud(ctx, account, { method: 'POST', path: '/mandates', body: grant });
    noStore(res).status(201).json(answered(zMandateGrant, body));
  });

  router.post('/api/ombud/mandates/:id/revoke', auth, async (req, res) => {
    const id = parseWithSchema(zMandateId, req.params.id, { what: 'power of attorney id' });
    const { account } = personOf(res);
    const { body } = await callOmbud(ctx, account, {
      method: 'POST',
      path: `/mandates/${encodeURIComponent(id)}/revoke`,
    });
    noStore(res).json(answered(zMandateGrant, body));
  });
  return router;
}
