/**
 * What a staff key may do at one data holder. `staff`: list what was issued, change a
 * credential's status, create offers. `key_rotation`: rotate the holder's signing key, nothing
 * else, so the key that can replace the holder's signing key sits with fewer people.
 */
export type StaffRole = 'staff' | 'key_rotation';
/** Keys shorter than this are refused at start-up: 32 characters of a random key is ≥ 128 bits. */
export declare const minimumStaffKeyLength = 32;
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
export declare class StaffKeyConfigError extends Error {
  name: string;
}
/**
 * Hashes the configured keys into a ring. `names` says which variable each input came from,
 * so that the error for a short key names what the operator has to change.
 */
export declare function createStaffKeyRing(
  input: StaffKeyInput,
  options: {
    holderIds: readonly string[];
    names?: {
      staff?: string;
      keyRotation?: string;
      everyHolderStaff?: string;
    };
  },
): StaffKeyRing;
export type StaffKeyDecision = 'granted' | 'unknown_key' | 'not_permitted';
/**
 * Whether `presented` may act as `role` at `holder`. The presented key is hashed and compared
 * with every entry in constant time, so timing says neither which key matched nor how long
 * the stored keys are.
 */
export declare function authorizeStaffKey(
  ring: StaffKeyRing,
  presented: string,
  holder: string,
  role: StaffRole,
): StaffKeyDecision;
export {};
