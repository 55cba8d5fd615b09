import { Router } from 'express';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { requireAccessToken } from '../http/require-access-token.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { decodeUsageCursor, encodeUsageCursor } from './usage-cursor.js';
import type { UsageRecordRow } from './usage-record-entity.js';
import { zUsageQuery } from './z-usage-query.js';

function describe(row: UsageRecordRow) {
  return {
    time: new Date(row.time * 1000).toISOString(),
    action: row.action,
    receiver: { name: row.receiverName, org_number: row.receiverOrgNumber, system: row.receiverSystem },
    fields: row.fields,
    purpose: row.purpose,
    legal_basis: row.legalBasis,
  };
}

/**
 * `GET /{holder}/usage`: the person of the access token (scope `usage_log`, this holder's)
 * reads their own usage log here, newest first. The token decides whose log; no parameter can.
 */
export function usageRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.get('/:holder/usage', async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const token = await requireAccessToken(ctx, holder, req, 'usage_log');
    const query = parseWithSchema(zUsageQuery, req.query, { what: 'query' });
    // One row more than asked tells whether another page follows.
    const rows = await ctx.usage.page({
      holderId: holder.definition.id,
      identityNumber: token.identityNumber,
      limit: query.limit + 1,
      after: query.cursor === undefined ? undefined : decodeUsageCursor(query.cursor),
    });
    const page = rows.slice(0, query.limit);
    res.set('Cache-Control', 'no-store').json({
      usage: page.map(describe),
      ...(rows.length > query.limit ? { next_cursor: encodeUsageCursor(page.at(-1)!) } : {}),
    });
  });
  return router;
}
