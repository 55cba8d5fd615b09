import type { PermissionSubject } from '../persistence/standing-permission-entities.js';
import type { CheckLog } from './checks.js';
import { subjectNumberClaimOf } from './credential-roles.js';
import type { WhoseData } from './whose-data.js';

/**
 * `profile_subject` (issue #20, docs/contact-profile.md "Whose profile"): a contact profile says
 * whose it is only next to an identity credential in the same response, both holder-bound to
 * this request (their KB-JWTs carry its nonce and audience, checked per presentation). Made when
 * the request asks for both; a request for the profile alone learns nothing of whose it is.
 */
export function checkProfileSubject(whose: WhoseData, log: CheckLog): PermissionSubject | undefined {
  if (whose.asked.profile.length === 0 || whose.asked.identity.length === 0) return undefined;
  if (whose.kept.profile.length === 0) {
    if (whose.discarded.profile.length > 0) {
      log.fail('profile_subject', `the contact profile failed its check ${whose.discarded.profile[0].name}`);
    }
    return undefined; // No profile was sent: nothing to say whose it is (dcql_satisfied decides).
  }
  const identity = whose.kept.identity;
  if (identity.length === 0) {
    log.fail(
      'profile_subject',
      whose.discarded.identity.length > 0
        ? `the identity credential failed its check ${whose.discarded.identity[0].name}, so the contact profile names no one`
        : 'the contact profile came without an identity credential, so it names no one',
    );
  }
  if (
    identity.some((p) => p.holderBound === false) ||
    whose.kept.profile.some((p) => p.holderBound === false)
  ) {
    log.fail(
      'profile_subject',
      'the identity credential and the contact profile must both be bound to this request',
    );
  }
  log.pass('profile_subject', `whose: the subject of the identity credential from ${identity[0].iss}`);
  return subjectOf(identity[0]);
}

/** What the consumer keeps of whose the profile is: the name and number the identity credential disclosed. */
function subjectOf(identity: WhoseData['kept']['identity'][number]): PermissionSubject {
  const { claims } = identity;
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
  const numberClaim = subjectNumberClaimOf(claims);
  return {
    ...(text('given_name') ? { given_name: text('given_name') } : {}),
    ...(text('family_name') ? { family_name: text('family_name') } : {}),
    ...(numberClaim ? { number: { claim: numberClaim, value: claims[numberClaim] as string } } : {}),
    issuer: identity.iss,
    vct: identity.vct,
  };
}
