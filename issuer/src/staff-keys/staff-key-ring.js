import { createHash, timingSafeEqual } from 'node:crypto';
/** Keys shorter than this are refused at start-up: 32 characters of a random key is ≥ 128 bits. */
export const minimumStaffKeyLength = 32;
/** A configuration mistake, said in one line that names the variable and the holder, never the key. */
export class StaffKeyConfigError extends Error {
  name = 'StaffKeyConfigError';
}
const sha256 = (key) => createHash('sha256').update(key, 'utf8').digest();
const listOf = (value) => (Array.isArray(value) ? value : [value]);
/**
 * Hashes the configured keys into a ring. `names` says which variable each input came from,
 * so that the error for a short key names what the operator has to change.
 */
export function createStaffKeyRing(input, options) {
  const names = {
    staff: 'ISSUER_API_KEYS',
    keyRotation: 'ISSUER_KEY_ROTATION_KEYS',
    everyHolderStaff: 'ISSUER_API_KEY',
    ...options.names,
  };
  const entries = [];
  const add = (variable, holder, role, key) => {
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
 * Whether `presented` may act as `role` at `holder`. The presented key is hashed and compared
 * with every entry in constant time, so timing says neither which key matched nor how long
 * the stored keys are.
 */
export function authorizeStaffKey(ring, presented, holder, role) {
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
//# sourceMappingURL=staff-key-ring.js.map
