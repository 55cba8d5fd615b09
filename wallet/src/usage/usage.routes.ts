import { Router, type Response } from 'express';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import { safeReturnTo } from '../auth/sign-in.js';
import type { WalletContext } from '../context.js';
import { startHolderFetch } from '../holders/holder-fetch.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { readHolderUsage } from './read-holder-usage.js';
import { revokeAtHolder } from './revoke-at-holder.js';

export const zConnectRequest = z
  .object({ return_to: z.string().max(500).optional().meta({ description: 'Same-origin path' }) })
  .strict();

export const zHolderUsageQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a next_cursor from this log')
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();

/**
 * "Vem har tagit del av mina uppgifter?" at the holders (issue 19): the person connects the
 * wallet to a holder's usage log once (a `usage_log` sign-in at the holder), and the web app
 * then reads each holder's log here, one holder per request, so it can ask them in parallel.
 */
export function usageRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  const holderOf = async (res: Response, issuerId: string) => {
    const issuer = (await ctx.trustList.get()).issuers.find((i) => i.id === issuerId);
    if (!issuer) throw new OAuthError('not_found', 'no such data holder in the trust list');
    const { account } = personOf(res);
    return { account, issuer };
  };

  router.get('/api/usage/holders', auth, async (_req, res) => {
    const { account } = personOf(res);
    const [list, connections] = await Promise.all([
      ctx.trustList.get(),
      ctx.store.listHolderConnections(account.id),
    ]);
    res.set('Cache-Control', 'no-store').json({
      holders: list.issuers.map((issuer) => {
        const connection = connections.find((c) => c.credentialIssuer === issuer.credential_issuer);
        return {
          id: issuer.id,
          name: issuer.name,
          connected_at: connection ? new Date(connection.connectedAt * 1000).toISOString() : null,
        };
      }),
    });
  });

  router.post('/api/usage/holders/:issuerId/connect', auth, jsonBody(), async (req, res) => {
    const body = parseWithSchema(zConnectRequest, req.body ?? {}, { what: 'connect request' });
    const { account, issuer } = await holderOf(res, req.params.issuerId as string);
    const started = await startHolderFetch(ctx, account, {
      credentialIssuer: issuer.credential_issuer,
      configurationIds: [],
      returnTo: safeReturnTo(body.return_to ?? '/usage'),
      sessionBound: personOf(res).via === 'session',
      usageLog: true,
    });
    res.status(201).set('Cache-Control', 'no-store').json({ authorization_url: started.startUrl });
  });

  router.get('/api/usage/holders/:issuerId', auth, async (req, res) => {
    const query = parseWithSchema(zHolderUsageQuery, req.query, { what: 'query' });
    const { account, issuer } = await holderOf(res, req.params.issuerId as string);
    const row = await ctx.store.findHolderConnection(account.id, issuer.credential_issuer);
    if (!row) throw new OAuthError('not_found', 'the wallet is not connected to this holder’s usage log');
    res.set('Cache-Control', 'no-store').json(await readHolderUsage(ctx, account, row, query));
  });

  router.delete('/api/usage/holders/:issuerId', auth, async (req, res) => {
    const { account, issuer } = await holderOf(res, req.params.issuerId as string);
    const row = await ctx.store.findHolderConnection(account.id, issuer.credential_issuer);
    if (!row) throw new OAuthError('not_found', 'the wallet is not connected to this holder’s usage log');
    const revoked = await revokeAtHolder(ctx, account, row);
    await ctx.store.deleteHolderConnection(row.id);
    res.set('Cache-Control', 'no-store').json({ revoked_at_holder: revoked });
  });
  return router;
}
