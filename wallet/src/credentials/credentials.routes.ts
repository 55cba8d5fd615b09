import { Router } from 'express';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { cursorPattern, decodePageCursor, encodePageCursor } from '../http/page-cursor.js';
import { deleteCredential } from './delete-credential.js';
import { describeCredential } from './describe-credential.js';
import { replaceServiceBound } from './replace-credential.js';
import { zReplaceRequest } from './z-replace-credential-request.js';

export const zCredentialListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).optional().meta({
      description:
        'At most this many, newest first; the answer then has `next_cursor` when more follow. Without it, every credential after `cursor` (the whole list without one), as before paging',
    }),
    cursor: z.string().regex(cursorPattern, 'not a next_cursor from this list').optional().meta({
      description: 'A `next_cursor` from the page before',
    }),
  })
  .loose();

/** Keep: the list, one credential with its claims, delete, replace by a copy fetched again. */
export function credentialRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.get('/api/credentials', auth, async (req, res) => {
    const query = parseWithSchema(zCredentialListQuery, req.query, { what: 'query' });
    const { account } = personOf(res);
    // Keyset pages (created_at, id): one more than asked says whether another page follows.
    const rows = await ctx.store.listCredentialPage(account.id, ['stored'], {
      after: query.cursor === undefined ? undefined : decodePageCursor('c', query.cursor),
      limit: query.limit === undefined ? undefined : query.limit + 1,
    });
    const page = query.limit === undefined ? rows : rows.slice(0, query.limit);
    const credentials = await Promise.all(
      page.map((row) => describeCredential(ctx, account, row, { claims: false })),
    );
    const last = page.at(-1);
    res.set('Cache-Control', 'no-store').json({
      credentials,
      ...(last && rows.length > page.length
        ? { next_cursor: encodePageCursor('c', { at: last.createdAt, id: last.id }) }
        : {}),
    });
  });

  router.get('/api/credentials/:id', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await ctx.store.findCredential(account.id, req.params.id as string);
    if (!row || row.state !== 'stored')
      throw new OAuthError('not_found', 'no such credential in your wallet');
    res.set('Cache-Control', 'no-store').json(await describeCredential(ctx, account, row, { claims: true }));
  });

  router.delete('/api/credentials/:id', auth, async (req, res) => {
    const { account } = personOf(res);
    const row = await ctx.store.findCredential(account.id, req.params.id as string);
    if (!row || row.state !== 'stored')
      throw new OAuthError('not_found', 'no such credential in your wallet');
    await deleteCredential(ctx, account, row);
    res.status(204).end();
  });

  // Moving to passkey keys (docs/passkeys.md): the copy fetched again replaces the old one.
  router.post('/api/credentials/:id/replace', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const body = parseWithSchema(zReplaceRequest, req.body, { what: 'replace request' });
    await replaceServiceBound(ctx, account, { old: req.params.id as string, replacement: body.replacement });
    res.status(204).end();
  });
  return router;
}
