import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What a staff key may do at one data holder. `staff`: list what was issued, change a
 * credential's status, create offers. `key_rotation`: rotate the holder's signing key, nothing
 * else, so the key that can replace the holder's signing key sits with fewer people.
 */
export type StaffRole = 'staff' | 'key_rotation';

/** Keys shorter than this are refused at start-up: 32 characters of a random key is ≥ 128 bits. */
export const minimumStaffKeyLength = 32;

interface StaffKeyEntry {
  /** A holder id, or `*` for the demo shorthand that is staff at every holder. */
  holder: string;
  role: StaffRole;
  /** SHA-256 of the key: the key itself is not kept. */
  hash: Buffer;
}

/** The staff keys an issuer accepts, held as SHA-256 hashes only. */
export interface StaffKeyRing {
  readonly entries: readonly StaffKeyEntry[];
}

export interface StaffKeyInput {
  /** Holder id → its staff keys (several during a change of key). */
  staff?: Record<string, string | string[]>;
  /** Holder id → the keys that may rotate its signing key. */
  keyRotation?: Record<string, string | string[]>;
  /** The demo shorthand: staff (never key rotation) at every holder. */
  everyHolderStaff?: string;
}

/** A configuration mistake, said in one line that names the variable and the holder, never the key. */
export class StaffKeyConfigError extends Error {
  override name = 'StaffKeyConfigError';
}

const sha256 = (key: string) => createHash('sha256').update(key, 'utf8').digest();
const listOf = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/**
 * Hashes the configured keys into a ring. `names` says which variable each input came from,
 * so that the error for a short key names what the operator has to change.
 */
export function createStaffKeyRing(
  input: StaffKeyInput,
  options: {
    holderIds: readonly string[];
    names?: { staff?: string; keyRotation?: string; everyHolderStaff?: string };
  },
): StaffKeyRing {
  const names = {
    staff: 'ISSUER_API_KEYS',
    keyRotation: 'ISSUER_KEY_ROTATION_KEYS',
    everyHolderStaff: 'ISSUER_API_KEY',
    ...options.names,
  };
  const entries: StaffKeyEntry[] = [];
  const add = (variable: string, holder: string, role: StaffRole, key: string) => {
    if (holder !== '*' && !options.holderIds.includes(holder))
      throw new StaffKeyConfigError(
        `${variable}: "${holder}" is not a data holder of this issuer (known: ${options.holderIds.join(', ')})`,
      );
    const whose = holder === '*' ? '' : ` for ${holder}`;
    if (key.length < minimumStaffKeyLength)
      throw new StaffKeyConfigError(
        `${variable}: the key${whose} must be at least ${minimumStaffKeyLength} characters`,
      );
    entries.push({ holder, role, hash: sha256(key) });
  };
  if (input.everyHolderStaff !== undefined) add(names.everyHolderStaff, '*', 'staff', input.everyHolderStaff);
  for (const [holder, keys] of Object.entries(input.staff ?? {}))
    for (const key of listOf(keys)) add(names.staff, holder, 'staff', key);
  for (const [holder, keys] of Object.entries(input.keyRotation ?? {}))
    for (const key of listOf(keys)) add(names.keyRotation, holder, 'key_rotation', key);

  // A key that both administers and rotates would undo the separation of the two privileges.
  for (const rotation of entries.filter((e) => e.role === 'key_rotation')) {
    if (entries.some((e) => e.role === 'staff' && e.hash.equals(rotation.hash)))
      throw new StaffKeyConfigError(
        `${names.keyRotation}: the key for ${rotation.holder} is also a staff key; give key rotation its own key`,
      );
  }
  return { entries };
}

/**
 * Which configured key `presented` is (its holder and place in the ring, never the key), for
 * limiting each staff key on its own; undefined for an unknown key. Constant time per entry.
 */
export function identifyStaffKey(
  ring: StaffKeyRing,
  presented: string,
): { holder: string; index: number } | undefined {
  const hash = sha256(presented);
  let found: { holder: string; index: number } | undefined;
  ring.entries.forEach((entry, index) => {
    if (timingSafeEqual(hash, entry.hash)) found = { holder: entry.holder, index };
  });
  return found;
}

export type StaffKeyDecision = 'granted' | 'unknown_key' | 'not_permitted';

/**
 * Whether `presented` may act as `role` at `holder`. The presented key is hashed and compared
 * with every entry in constant time, so timing says neither which key matched nor how long
 * the stored keys are.
 */
export function authorizeStaffKey(
  ring: StaffKeyRing,
  presented: string,
  holder: string,
  role: StaffRole,
): StaffKeyDecision {
  const hash = sha256(presented);
  let known = false;
  let granted = false;
  for (const entry of ring.entries) {
    if (!timingSafeEqual(hash, entry.hash)) continue;
    known = true;
    if (entry.role === role && (entry.holder === holder || entry.holder === '*')) granted = true;
  }
  if (granted) return 'granted';
  return known ? 'not_permitted' : 'unknown_key';
}
