import { Router } from 'express';
import { z } from 'zod';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import { cursorPattern, decodePageCursor, encodePageCursor } from '../http/page-cursor.js';
import type { LogEntryRow } from '../persistence/entities.js';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { describeCounterparty } from '../credentials/describe-issuer.js';
import { findIssuer } from '@min-profil/shared/trust-list/trust-queries';
import { claimLabeller, type ClaimLabeller } from './claim-labels.js';

export const zLogQuery = z
  .object({
    event: z
      .enum([
        'issuance',
        'presentation',
        'refusal',
        'deletion',
        'profile_change',
        'standing_permission',
        'profile_delivery',
        'case',
      ])
      .optional(),
    counterparty: z.string().max(500).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    format: z.enum(['json', 'csv']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional().meta({
      description:
        'At most this many entries, newest first (default and most 1000, as before paging); the answer has `next_cursor` when more follow',
    }),
    cursor: z.string().regex(cursorPattern, 'not a next_cursor from this log').optional().meta({
      description: 'A `next_cursor` from the page before (with the same filters)',
    }),
  })
  .loose();

export function describeLogEntry(row: LogEntryRow, list: TrustList, labels?: ClaimLabeller) {
  const counterparty = describeCounterparty(list, row);
  return {
    id: row.id,
    at: new Date(row.at * 1000).toISOString(),
    event: row.event,
    counterparty: row.counterparty,
    counterparty_name: counterparty.name,
    // On the trust list (true), not on it (false), or no outside party (null).
    counterparty_trusted: counterparty.trusted,
    credential_types: row.credentialTypes,
    claims: row.claims,
    claim_labels: labels ? labels(row.credentialTypes, row.claims) : row.claims.map(() => null),
    purpose: row.purpose,
    outcome: row.outcome,
    thread: row.thread,
  };
}

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // RFC 4180 quoting; a leading =,+,-,@ is defused so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

function toCsv(entries: ReturnType<typeof describeLogEntry>[]): string {
  const header = [
    'at',
    'event',
    'counterparty',
    'counterparty_name',
    'credential_types',
    'claims',
    'purpose',
    'outcome',
  ];
  const lines = entries.map((e) =>
    [
      e.at,
      e.event,
      e.counterparty,
      e.counterparty_name?.sv ?? e.counterparty_name?.en ?? '',
      e.credential_types.join(' '),
      e.claims.join(' '),
      e.purpose?.sv ?? e.purpose?.en ?? '',
      e.outcome,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The person's log (timeline, filter, export, delete) and the overview of who holds what. */
export function logRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.get('/api/log', auth, async (req, res) => {
    const query = parseWithSchema(zLogQuery, req.query, { what: 'log query' });
    const { account } = personOf(res);
    const limit = query.limit ?? 1000;
    // Keyset pages (at, id): one more than asked says whether another page follows.
    const rows = await ctx.store.listLog(account.id, {
      event: query.event,
      counterparty: query.counterparty,
      from: query.from ? Math.floor(Date.parse(query.from) / 1000) : undefined,
      to: query.to ? Math.floor(Date.parse(query.to) / 1000) : undefined,
      after: query.cursor === undefined ? undefined : decodePageCursor('l', query.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const list = await ctx.trustList.get();
    // Labels come from the held credentials of the page's types only (claim-labels.ts reads no
    // other), each distinct type metadata once however many copies of it are held.
    const types = [...new Set(page.flatMap((row) => row.credentialTypes))];
    const labels = claimLabeller(
      await ctx.store.listCredentialDisplays(account.id, ['stored', 'pending'], types),
    );
    const entries = page.map((row) => describeLogEntry(row, list, labels));
    const last = page.at(-1);
    const nextCursor =
      last && rows.length > page.length ? encodePageCursor('l', { at: last.at, id: last.id }) : undefined;
    res.set('Cache-Control', 'no-store');
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment('min-profil-log.csv').send(toCsv(entries));
      return;
    }
    if (query.format === 'json') res.attachment('min-profil-log.json');
    res.json({ entries, ...(nextCursor ? { next_cursor: nextCursor } : {}) });
  });

  router.delete('/api/log', auth, async (_req, res) => {
    const deleted = await ctx.store.deleteLog(personOf(res).account.id);
    res.set('Cache-Control', 'no-store').json({ deleted });
  });

  router.get('/api/overview', auth, async (_req, res) => {
    const { account } = personOf(res);
    const list = await ctx.trustList.get();
    const held = await ctx.store.listCredentials(account.id, ['stored']);
    const labels = claimLabeller(held);
    const log = (await ctx.store.listLog(account.id)).map((row) => describeLogEntry(row, list, labels));
    const holders = list.issuers.map((issuer): Record<string, unknown> => {
      const mine = held.filter((c) => c.credentialIssuer === issuer.credential_issuer);
      return {
        id: issuer.id,
        name: issuer.name,
        trusted: true,
        credential_issuer: issuer.credential_issuer,
        // What this body can issue about people (from the trust list's catalogue).
        credential_types: issuer.credential_types.map((t) => ({ type: t.type, name: t.name })),
        // What the wallet holds from it, and when it was last fetched.
        held_credentials: mine.map((c) => ({
          id: c.id,
          name: c.display.name,
          vct: c.vct,
          received_at: new Date(c.createdAt * 1000).toISOString(),
        })),
        last_issuance:
          log.find((e) => e.event === 'issuance' && e.counterparty === issuer.credential_issuer)?.at ?? null,
      };
    });
    // Credentials from issuers not on the trust list: listed too, by address, and marked.
    const untrusted = new Map<string, typeof held>();
    for (const c of held.filter((c) => !findIssuer(list, c.credentialIssuer)))
      untrusted.set(c.credentialIssuer, [...(untrusted.get(c.credentialIssuer) ?? []), c]);
    for (const [credentialIssuer, mine] of untrusted) {
      holders.push({
        id: credentialIssuer,
        name: { und: credentialIssuer },
        trusted: false,
        credential_issuer: credentialIssuer,
        credential_types: [],
        held_credentials: mine.map((c) => ({
          id: c.id,
          name: c.display.name,
          vct: c.vct,
          received_at: new Date(c.createdAt * 1000).toISOString(),
        })),
        last_issuance:
          log.find((e) => e.event === 'issuance' && e.counterparty === credentialIssuer)?.at ?? null,
      });
    }
    const recipients = new Map<string, { client_id: string; name: unknown; shares: unknown[] }>();
    for (const entry of log.filter((e) => e.event === 'presentation')) {
      const r = recipients.get(entry.counterparty) ?? {
        client_id: entry.counterparty,
        name: entry.counterparty_name,
        shares: [],
      };
      r.shares.push({
        at: entry.at,
        claims: entry.claims,
        claim_labels: entry.claim_labels,
        credential_types: entry.credential_types,
        purpose: entry.purpose,
        outcome: entry.outcome,
      });
      recipients.set(entry.counterparty, r);
    }
    res.set('Cache-Control', 'no-store').json({ holders, shared_with: [...recipients.values()] });
  });
  return router;
}
