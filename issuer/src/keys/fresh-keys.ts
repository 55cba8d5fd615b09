import type { HolderRuntime, IssuerContext } from '../context.js';
import { keyRingMaxAgeMs, loadHolderKeyRing, type HolderKeyRing } from './holder-key-ring.js';

/**
 * The holder's key ring, re-read from the database when it is older than `keyRingMaxAgeMs`, so
 * a rotation made through one instance reaches every instance within that time.
 */
export async function freshKeys(ctx: IssuerContext, holder: HolderRuntime): Promise<HolderKeyRing> {
  if (Date.now() - holder.keys.loadedAt < keyRingMaxAgeMs) return holder.keys;
  holder.keys = await loadHolderKeyRing({
    db: ctx.db,
    keys: ctx.keys,
    holderId: holder.definition.id,
    issuerUrl: holder.issuerUrl,
    now: ctx.now(),
  });
  return holder.keys;
}
