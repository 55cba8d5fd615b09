import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { deleteCredential } from './delete-credential.js';
import { describeCredential } from './describe-credential.js';
import { replaceServiceBound } from './replace-credential.js';
import { zReplaceRequest } from './z-replace-credential-request.js';

/** Keep: the list, one credential with its claims, delete, replace by a copy fetched again. */
export function credentialRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.get('/api/credentials', auth, async (_req, res) => {
    const { account } = personOf(res);
    const rows = await ctx.store.listCredentials(account.id, ['stored']);
    const credentials = await Promise.all(
      rows.map((row) => describeCredential(ctx, account, row, { claims: false })),
    );
    res.set('Cache-Control', 'no-store').json({ credentials });
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
