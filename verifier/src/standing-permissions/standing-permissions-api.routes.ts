import { Router } from 'express';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { StandingPermissionRow } from '../persistence/standing-permission-entities.js';
import { zStandingPermissionId } from '../response/z-authorization-response.js';
import type { VerifierContext } from '../context.js';
import { authenticatedConsumer, requireConsumer } from '../http/require-consumer.js';
import { describeStandingPermission } from './describe-standing-permission.js';

/** `?limit` (1-1000, default 100) and `?after` (the id the previous page ended with). */
export const zListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .meta({ description: 'How many to return (default 100, at most 1000)' }),
  after: zStandingPermissionId.optional().meta({
    description:
      'Continue after this permission id: the `next_after` of the previous page (pages are ordered by grant time, then id, newest first)',
  }),
});

/** The consumer's back-end API for its standing permissions (its API key picks the consumer). */
export function standingPermissionsApiRoutes(ctx: VerifierContext): Router {
  const router = Router();
  const auth = requireConsumer(ctx);

  router.get('/api/standing-permissions', auth, async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const page = parseWithSchema(zListQuery, req.query, { what: 'query' });
    let after: StandingPermissionRow | null = null;
    if (page.after !== undefined) {
      after = await ctx.standingPermissions.findPermission(page.after);
      // Another consumer's permission is as unknown as a missing one.
      if (!after || after.consumerId !== consumer.config.id) {
        throw new OAuthError('invalid_request', '`after` is not one of your standing permissions');
      }
    }
    const rows = await ctx.standingPermissions.listPermissions(consumer.config.id, {
      limit: page.limit,
      ...(after ? { after } : {}),
    });
    // A full page may have more after it: `next_after` continues the listing.
    const next = rows.length === page.limit ? rows[rows.length - 1].id : undefined;
    res.set('Cache-Control', 'no-store').json({
      standing_permissions: rows.map((row) => describeStandingPermission(row)),
      ...(next ? { next_after: next } : {}),
    });
  });

  router.get('/api/standing-permissions/:id', auth, async (req, res) => {
    const consumer = authenticatedConsumer(req);
    const row = await ctx.standingPermissions.findPermission(req.params.id as string);
    // A consumer sees only its own permissions; another's is as absent as a missing one.
    if (!row || row.consumerId !== consumer.config.id) {
      throw new OAuthError('not_found', 'no standing permission with that id');
    }
    res.set('Cache-Control', 'no-store').json(describeStandingPermission(row));
  });

  return router;
}
