import { OAuthError } from '@min-profil/shared/errors';
import type { PresentationRequestRow } from '../persistence/entities.js';

/**
 * The profile a consumer's requests and answers follow (docs/verifier.md, "Profiles").
 * `openid4vp` (the default): OpenID4VP 1.0 as the API has always answered. `haip`: OpenID4VC
 * HAIP 1.0 on top — encrypted responses by default and only those (§5), and a KB-JWT for every
 * credential with holder binding (§6.1.1.1). A per-consumer switch, so existing API consumers
 * keep what they get.
 */
export const consumerProfiles = ['openid4vp', 'haip'] as const;
export type ConsumerProfile = (typeof consumerProfiles)[number];

type ResponseMode = PresentationRequestRow['responseMode'];

/**
 * The response mode of a new request: the one asked for, else the profile's default. HAIP 1.0 §5
 * needs an encrypted response, so a HAIP consumer's request for a plain mode is refused rather
 * than quietly upgraded (the consumer's front end would expect the plain answer).
 */
export function responseModeFor(profile: ConsumerProfile, requested: ResponseMode | undefined): ResponseMode {
  if (profile !== 'haip') return requested ?? 'direct_post';
  if (requested === 'direct_post' || requested === 'dc_api') {
    throw new OAuthError(
      'invalid_request',
      `this consumer follows HAIP 1.0, which needs an encrypted response: use response_mode ${requested}.jwt (the default), not ${requested}`,
    );
  }
  return requested ?? 'direct_post.jwt';
}

/** HAIP 1.0 §6.1.1.1: a presentation of a credential with holder binding (`cnf`) needs a KB-JWT. */
export function requiresKeyBindingWhenBound(profile: ConsumerProfile): boolean {
  return profile === 'haip';
}
