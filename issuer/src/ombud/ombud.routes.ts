import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { inForce } from '../holders/swedish-day.js';
import { requireAccessToken } from '../http/require-access-token.js';
import { grantMandate } from './grant-mandate.js';
import type { MandateGrantRow } from './mandate-grant-entity.js';
import { mandatesScope } from './mandates-scope.js';
import { revokeMandate } from './revoke-mandate.js';
import { zMandateRequest } from '@min-profil/shared/ombud/z-mandate-request';

function describe(row: MandateGrantRow, now: number) {
  const status =
    row.revokedAt !== null
      ? 'revoked'
      : inForce({ valid_from: row.validFrom, valid_until: row.validUntil }, now)
        ? 'active'
        : row.validFrom > new Date(now * 1000).toISOString().slice(0, 10)
          ? 'not_yet_valid'
          : 'expired';
  return {
    id: row.id,
    principal: row.principal,
    agent: row.agent,
    scope: row.scope,
    valid_from: row.validFrom,
    valid_until: row.validUntil,
    status,
    created_at: new Date(row.createdAt * 1000).toISOString(),
    ...(row.revokedAt !== null ? { revoked_at: new Date(row.revokedAt * 1000).toISOString() } : {}),
  };
}

/**
 * Mina ombud's API for the wallet, on the signed-in person's behalf (a `mandates` token of the
 * `ombud` holder: the token decides who the principal is, no parameter can):
 * `POST /ombud/mandates` gives a power of attorney, `GET /ombud/mandates` lists those the person
 * gave and those given to them, `POST /ombud/mandates/{id}/revoke` revokes one at once.
 */
export function ombudRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const holder = () => {
    const runtime = ctx.holders.get('ombud');
    if (!runtime) throw new OAuthError('not_found', 'Mina ombud is not hosted by this issuer');
    return runtime;
  };

  router.post('/ombud/mandates', jsonBody(), async (req, res) => {
    const ombud = holder();
    const token = await requireAccessToken(ctx, ombud, req, mandatesScope);
    const request = parseWithSchema(zMandateRequest, req.body, { what: 'power of attorney' });
    const row = await grantMandate(ctx, token.identityNumber, request);
    ctx.logger.info({ mandate: row.id }, 'power of attorney given');
    res.status(201).set('Cache-Control', 'no-store').json(describe(row, ctx.now()));
  });

  router.get('/ombud/mandates', async (req, res) => {
    const ombud = holder();
    const token = await requireAccessToken(ctx, ombud, req, mandatesScope);
    const now = ctx.now();
    const [given, received] = await Promise.all([
      ctx.mandates.byPrincipal(token.identityNumber),
      ctx.mandates.unrevokedForAgent(token.identityNumber),
    ]);
    res.set('Cache-Control', 'no-store').json({
      given: given.map((row) => describe(row, now)),
      received: received.map((row) => describe(row, now)),
    });
  });

  router.post('/ombud/mandates/:id/revoke', async (req, res) => {
    const ombud = holder();
    const token = await requireAccessToken(ctx, ombud, req, mandatesScope);
    const row = await revokeMandate(ctx, ombud, token.identityNumber, String(req.params.id));
    res.set('Cache-Control', 'no-store').json(describe(row, ctx.now()));
  });

  return router;
}
