import { encodeStatusList } from '@min-profil/shared/status-list/encode-status-list';
import { createStatusListJwt } from '@min-profil/shared/status-list/status-list-jwt';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { holderSigner } from '../keys/holder-signer.js';
import { endpointsFor } from '../metadata/endpoints.js';
import type { StatusListRow } from '../persistence/entities.js';

interface CachedList {
  version: number;
  jwt: string;
  expiresAt: number;
}

/**
 * Builds the signed `statuslist+jwt` of one list (Token Status List §5.1). The list is
 * rebuilt only when its version in the database changed, so a revocation is visible at once
 * on every instance while unchanged lists cost one small SELECT.
 */
export function createStatusListPublisher(ctx: IssuerContext) {
  const cache = new Map<number, CachedList>();

  return async function publishStatusList(holder: HolderRuntime, list: StatusListRow): Promise<string> {
    const now = ctx.now();
    const cached = cache.get(list.id);
    if (cached && cached.version === list.version && cached.expiresAt > now) return cached.jwt;

    const timer = ctx.metrics.statusListPublish.startTimer({ holder: holder.definition.id });
    const statuses = new Uint8Array(list.size);
    for (const { idx, status } of await ctx.statusLists.loadNonZeroEntries(list.id)) statuses[idx] = status;
    const { lst } = encodeStatusList({ statuses, bits: list.bits as 1 | 2 | 4 | 8 });
    const ttl = ctx.settings.statusListTtl;
    const signer = await holderSigner(ctx, holder);
    // A signed list is valid a day; `ttl` tells relying parties how long they may cache it.
    const expiresAt = now + 86_400;
    const jwt = await createStatusListJwt({
      uri: endpointsFor(holder.issuerUrl).statusList(list.id),
      issuer: holder.issuerUrl,
      bits: list.bits as 1 | 2 | 4 | 8,
      lst,
      ttl,
      issuedAt: now,
      expiresAt,
      signer,
    });
    cache.set(list.id, { version: list.version, jwt, expiresAt: now + Math.min(ttl, 3600) });
    timer();
    ctx.metrics.statusListSize.set({ holder: holder.definition.id }, Buffer.byteLength(jwt));
    return jwt;
  };
}
