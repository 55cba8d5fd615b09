import { contactProfileClaims, contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import type { TrustList, TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';

/**
 * The contact-profile fields a consumer is registered for in the trust list, by top-level claim
 * (one disclosure each), read as the consumer side reads it: a path names the claim it starts
 * with, and `[null]` registers the whole profile.
 */
export function registeredProfileFields(
  consumer: TrustedConsumer,
  vct: string = contactProfileVct,
  claims: readonly string[] = contactProfileClaims,
): string[] {
  const names = new Set<string | null>();
  for (const registration of consumer.registrations) {
    for (const credential of registration.credentials) {
      if (credential.format !== 'dc+sd-jwt' || credential.type !== vct) continue;
      for (const path of credential.claims) {
        if (typeof path[0] === 'string' || path[0] === null) names.add(path[0]);
      }
    }
  }
  return claims.filter((name) => names.has(null) || names.has(name));
}

/**
 * Consumers a wallet may start a standing permission with (docs/standing-permissions.md,
 * "Without a request"): listed with standing-permission endpoints and registered for the profile
 * (a person's, or with `vct` and `claims` the company contact profile's).
 */
export function listStandingConsumers(
  list: TrustList,
  vct: string = contactProfileVct,
  claims: readonly string[] = contactProfileClaims,
) {
  return list.consumers.flatMap((consumer) => {
    const fields = registeredProfileFields(consumer, vct, claims);
    if (!consumer.standing_permissions || fields.length === 0) return [];
    return [
      {
        consumer,
        endpoints: consumer.standing_permissions,
        fields,
        purposes: consumer.registrations
          .filter((r) => r.credentials.some((c) => c.type === vct))
          .map((r) => r.purpose),
      },
    ];
  });
}
