import { createStaffKeyRing, StaffKeyConfigError, type StaffKeyRing } from './staff-key-ring.js';

type Env = Record<string, string | undefined>;

/** `holder:KEY,holder:KEY` (a holder may appear more than once while its key is changed). */
function parseHolderKeys(variable: string, value: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!value) return out;
  for (const pair of value.split(',')) {
    const at = pair.indexOf(':');
    if (at <= 0)
      throw new StaffKeyConfigError(`${variable}: expected holder:KEY,holder:KEY (e.g. af:…,skatteverket:…)`);
    const holder = pair.slice(0, at).trim();
    (out[holder] ??= []).push(pair.slice(at + 1).trim());
  }
  return out;
}

/**
 * The issuer's staff keys from its environment, hashed as they are read:
 *
 *   ISSUER_API_KEYS=af:KEY,skatteverket:KEY,…          staff keys, one holder each
 *   ISSUER_KEY_ROTATION_KEYS=af:KEY,…                   signing-key rotation, one holder each
 *   ISSUER_API_KEY=KEY                                  demo shorthand: staff at every holder
 *
 * The shorthand never rotates keys, and is refused beside `ISSUER_API_KEYS` (one or the
 * other), so a deployment that names per-holder keys has no key that opens every holder.
 * `demoKey` is the generated shorthand the embedded default uses when nothing is set.
 */
export function parseStaffKeys(options: {
  env: Env;
  holderIds: readonly string[];
  demoKey?: string;
}): StaffKeyRing {
  const { env } = options;
  const perHolder = env.ISSUER_API_KEYS?.trim() ? env.ISSUER_API_KEYS : undefined;
  const shorthand = env.ISSUER_API_KEY ? env.ISSUER_API_KEY : undefined;
  if (perHolder && shorthand)
    throw new StaffKeyConfigError(
      'ISSUER_API_KEY: set either ISSUER_API_KEYS (per holder) or the demo shorthand ISSUER_API_KEY, not both',
    );
  return createStaffKeyRing(
    {
      staff: parseHolderKeys('ISSUER_API_KEYS', perHolder),
      keyRotation: parseHolderKeys('ISSUER_KEY_ROTATION_KEYS', env.ISSUER_KEY_ROTATION_KEYS),
      everyHolderStaff: perHolder ? undefined : (shorthand ?? options.demoKey),
    },
    { holderIds: options.holderIds },
  );
}
