import type { Request } from 'express';
import type { RateLimitedKey } from '@min-profil/shared/rate-limit';
import type { IssuerContext } from '../context.js';
import { identifyStaffKey } from './staff-key-ring.js';

/** A staff key is limited on its own, at its holder's configured limit (or the default). */
export function staffRateLimitKey(
  ctx: Pick<IssuerContext, 'staffKeys' | 'settings'>,
  req: Request,
): RateLimitedKey | undefined {
  const presented = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  const key = presented === undefined ? undefined : identifyStaffKey(ctx.staffKeys, presented);
  if (!key) return undefined;
  return {
    id: `staff:${key.holder}:${key.index}`,
    perMinute: ctx.settings.staffRateLimits[key.holder] ?? ctx.settings.staffRateLimitPerMinute,
  };
}
