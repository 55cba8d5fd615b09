import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { VerifierContext } from '../context.js';

/** The trust list in force, or undefined when none can be read (nothing is then trusted). */
export async function loadTrustList(ctx: VerifierContext): Promise<TrustList | undefined> {
  try {
    return await ctx.trustList.get();
  } catch (err) {
    // Each refused list is logged once where it is judged; per request this is only detail.
    ctx.logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'trust list unavailable');
    return undefined;
  }
}
