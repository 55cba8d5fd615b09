import { Router } from 'express';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema, zPersonalIdentityNumber } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { requireApiKey } from '../http/require-api-key.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { loadHolderKeyRing, rotateHolderKey } from '../keys/holder-key-ring.js';
import type { IssuedCredentialRow } from '../persistence/entities.js';
import { staffViewUse, statusChangeUse } from '../usage/uses.js';

/** Token Status List §7.1 values; 0x02 is the application-specific "suspended". */
export const statusValues = { valid: 0, revoked: 1, suspended: 2 } as const;
type StatusName = keyof typeof statusValues;
const statusNames = Object.fromEntries(Object.entries(statusValues).map(([k, v]) => [v, k])) as Record<
  number,
  StatusName
>;

const zStatusChange = z.object({ status: z.enum(['valid', 'revoked', 'suspended']) }).strict();
const zListQuery = z
  .object({
    personal_identity_number: zPersonalIdentityNumber.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
    /** `next_cursor` of the previous page. */
    cursor: z
      .string()
      .regex(/^\d{1,12}\.[A-Za-z0-9-]{1,64}$/, 'not a cursor from this list')
      .optional(),
  })
  .loose();

const cursorOf = (row: IssuedCredentialRow) => `${row.issuedAt}.${row.id}`;
function parseCursor(cursor: string | undefined): { issuedAt: number; id: string } | undefined {
  if (!cursor) return undefined;
  const at = cursor.indexOf('.');
  return { issuedAt: Number(cursor.slice(0, at)), id: cursor.slice(at + 1) };
}

function describe(row: IssuedCredentialRow, status: number | undefined) {
  return {
    id: row.id,
    credential_configuration_id: row.configurationId,
    personal_identity_number: row.identityNumber,
    issued_at: new Date(row.issuedAt * 1000).toISOString(),
    expires_at: row.expiresAt ? new Date(row.expiresAt * 1000).toISOString() : null,
    status: statusNames[status ?? 0] ?? `0x${(status ?? 0).toString(16)}`,
    status_list: { list_id: row.statusListId, idx: row.statusIndex },
    wallet_event: row.walletEvent,
  };
}

/** The holder's staff: find what was issued to a person, and revoke or suspend it. */
export function adminRoutes(ctx: IssuerContext): Router {
  const router = Router();
  const auth = requireApiKey(ctx);

  router.get('/:holder/admin/credentials', auth, async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const query = parseWithSchema(zListQuery, req.query, { what: 'query' });
    // One row more than asked tells whether another page follows.
    const rows = await ctx.store.listIssuedCredentials(holder.definition.id, {
      identityNumber: query.personal_identity_number,
      limit: query.limit + 1,
      after: parseCursor(query.cursor),
    });
    const page = rows.slice(0, query.limit);
    // Staff saw these people's numbers and credentials: one use in each person's log.
    const people = [...new Set(page.map((row) => row.identityNumber))];
    await ctx.usage.record(
      holder.definition,
      people.map((identityNumber) => staffViewUse(holder.definition, identityNumber)),
    );
    const items = [];
    for (const row of page)
      items.push(describe(row, await ctx.statusLists.getStatus(row.statusListId, row.statusIndex)));
    res.set('Cache-Control', 'no-store').json({
      credentials: items,
      ...(rows.length > query.limit ? { next_cursor: cursorOf(page.at(-1)!) } : {}),
    });
  });

  router.post('/:holder/admin/credentials/:id/status', auth, jsonBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const { status } = parseWithSchema(zStatusChange, req.body, { what: 'status change' });
    const row = await ctx.store.findIssuedCredential(holder.definition.id, req.params.id as string);
    if (!row) throw new OAuthError('not_found', 'no credential with that id was issued by this holder');
    const current = await ctx.statusLists.getStatus(row.statusListId, row.statusIndex);
    // Revocation is final: a revoked credential cannot become valid or suspended again.
    if (current === statusValues.revoked && status !== 'revoked') {
      throw new OAuthError('invalid_request', 'the credential is revoked; revocation cannot be undone');
    }
    await ctx.statusLists.setStatus(row.statusListId, row.statusIndex, statusValues[status]);
    await ctx.usage.record(holder.definition, [
      statusChangeUse({
        holder: holder.definition,
        identityNumber: row.identityNumber,
        configurationId: row.configurationId,
        status,
      }),
    ]);
    ctx.logger.info(
      { holder: holder.definition.id, credential: row.id, status },
      'credential status changed',
    );
    res.set('Cache-Control', 'no-store').json(describe(row, statusValues[status]));
  });

  // Key rotation: a new signing key for the holder; earlier keys stay published so that
  // credentials and status lists signed with them still verify. A privilege of its own: the
  // holder's ordinary staff keys cannot use it.
  router.post('/:holder/admin/keys/rotate', requireApiKey(ctx, 'key_rotation'), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    await rotateHolderKey({
      db: ctx.db,
      keys: ctx.keys,
      holderId: holder.definition.id,
      did: holder.keys.active.did,
      now: ctx.now(),
    });
    holder.keys = await loadHolderKeyRing({
      db: ctx.db,
      keys: ctx.keys,
      holderId: holder.definition.id,
      issuerUrl: holder.issuerUrl,
      now: ctx.now(),
    });
    ctx.logger.info({ holder: holder.definition.id, kid: holder.keys.active.kid }, 'issuer key rotated');
    res.set('Cache-Control', 'no-store').json({
      active_kid: holder.keys.active.kid,
      kids: holder.keys.all.map((key) => key.kid),
    });
  });

  return router;
}
