import { Router } from 'express';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import type { PersonalTokenRow } from '../persistence/entities.js';
import { createPersonalToken } from './create-personal-token.js';

export const zCreateToken = z.object({ name: z.string().trim().min(1).max(100).optional() }).strict();

function describe(row: PersonalTokenRow) {
  return {
    id: row.id,
    name: row.name,
    created_at: new Date(row.createdAt * 1000).toISOString(),
    last_used_at: row.lastUsedAt ? new Date(row.lastUsedAt * 1000).toISOString() : null,
  };
}

/** Personal access tokens for scripts: `Authorization: Bearer mpw_…`. */
export function tokenRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);
  router.get('/api/tokens', auth, async (_req, res) => {
    const rows = await ctx.store.listPersonalTokens(personOf(res).account.id);
    res.set('Cache-Control', 'no-store').json({ tokens: rows.map(describe) });
  });
  router.post('/api/tokens', auth, jsonBody(), async (req, res) => {
    // Minting tokens takes the person's eID session: a leaked token cannot make itself
    // successors that outlive its deletion (RFC 6750 §3.1 insufficient_scope).
    if (personOf(res).via === 'token') {
      throw new OAuthError(
        'insufficient_scope',
        'a personal access token cannot create tokens: sign in with eID (or use npm run wallet:token)',
        { headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' } },
      );
    }
    const { name } = parseWithSchema(zCreateToken, req.body ?? {}, { what: 'token request' });
    const { row, token } = await createPersonalToken(ctx, personOf(res).account.id, name ?? 'API');
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ ...describe(row), token });
  });
  router.delete('/api/tokens/:id', auth, async (req, res) => {
    if (!(await ctx.store.deletePersonalToken(personOf(res).account.id, req.params.id as string))) {
      throw new OAuthError('not_found', 'no such token');
    }
    res.status(204).end();
  });
  return router;
}
