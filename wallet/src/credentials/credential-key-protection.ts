import type { SealedCredential } from '../credential-offer/receive-credentials.js';

/**
 * Whose keys a kept credential's copies are bound to (docs/passkeys.md, "Moving from
 * service-held to passkey keys"): `service` when any copy (or a deferred request's key) is in
 * the service's KMS, `passkey` when every one is a key made in the page.
 */
export function keyProtectionOf(sealed: SealedCredential): 'service' | 'passkey' {
  const serviceHeld =
    sealed.copies.some((c) => c.kmsKid !== undefined) || (sealed.deferred?.kmsKids.length ?? 0) > 0;
  return serviceHeld ? 'service' : 'passkey';
}
