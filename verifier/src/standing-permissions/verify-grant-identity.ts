import { OAuthError } from '@min-profil/shared/errors';
import type { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { PermissionSubject } from '../persistence/standing-permission-entities.js';
import type { CredentialQuery } from '../presentation-request/parse-dcql-query.js';
import { checkProfileSubject } from '../verification/check-profile-subject.js';
import { CheckFailed, CheckLog } from '../verification/checks.js';
import { pidVct, roleOfType } from '../verification/credential-roles.js';
import {
  verifySdJwtPresentation,
  type PresentationExpectation,
  type VerifiedPresentation,
} from '../verification/verify-sd-jwt-presentation.js';
import type { VerifiedProfileUpdate } from './verify-profile-update.js';

/** What a wallet may disclose of the identity credential at a wallet-started grant: who, no more. */
export const grantIdentityClaims = [
  'given_name',
  'family_name',
  'personal_identity_number',
  'coordination_number',
  'personal_administrative_number',
] as const;

/**
 * The identity credential types the trust list names (Skatteverket's `person_identity` and
 * `registered_address`, the EU PID): those `profile_subject` accepts.
 */
export function identityTypes(trustList: TrustList): string[] {
  const listed = trustList.issuers.flatMap((i) => i.credential_types.map((t) => t.type));
  return [...new Set([...listed, pidVct])].filter((type) => roleOfType(trustList, type) === 'identity');
}

const refused = (description: string) =>
  new OAuthError(
    'invalid_request',
    `the wallet-started standing permission cannot say whose it is: ${description}`,
  );

/**
 * Contract version 2 (docs/standing-permissions.md "Without a request"): the first update of a
 * permission the wallet starts carries an identity credential (`identity_token`, SD-JWT+KB)
 * beside the profile, its KB-JWT with the same c_nonce and audience. Checked as in a response
 * (issuer trusted and authoritative, signature, status, holder binding, only who-claims), then
 * `profile_subject`; returns whose the profile is. Pure but for the issuer key and status fetch.
 */
export async function verifyGrantIdentity(options: {
  identityToken: string;
  profile: VerifiedProfileUpdate;
  trustList: TrustList;
  expected: PresentationExpectation;
  statusLists: StatusListCache;
  fetch?: typeof globalThis.fetch;
}): Promise<PermissionSubject> {
  const types = identityTypes(options.trustList);
  const identityQuery = {
    id: 'identity',
    format: 'dc+sd-jwt',
    meta: { vct_values: types },
    claims: grantIdentityClaims.map((name) => ({ path: [name] })),
  } as unknown as CredentialQuery;
  const profileQuery = { id: 'contact_profile', format: 'dc+sd-jwt' } as unknown as CredentialQuery;
  const log = new CheckLog({ query_id: 'identity' });
  let identity: VerifiedPresentation;
  try {
    identity = await verifySdJwtPresentation({
      presentation: options.identityToken,
      credentialQuery: identityQuery,
      trustList: options.trustList,
      expected: options.expected,
      statusLists: options.statusLists,
      log,
      fetch: options.fetch,
    });
  } catch (err) {
    if (!(err instanceof CheckFailed)) throw err;
    throw refused(`identity_token failed its check ${err.check.name} (${err.check.detail ?? 'failed'})`);
  }
  if (!identity.holderBound) throw refused('identity_token needs a KB-JWT with the c_nonce');
  const profile: VerifiedPresentation = {
    iss: 'did:jwk',
    vct: 'contact_profile',
    claims: options.profile.profile,
    holderBound: true,
  };
  try {
    const subject = checkProfileSubject(
      {
        asked: { identity: [identityQuery], profile: [profileQuery], guardian: [] },
        kept: { identity: [identity], profile: [profile], guardian: [] },
        discarded: { identity: [], profile: [], guardian: [] },
      },
      new CheckLog({}),
    );
    if (!subject) throw refused('profile_subject was not made');
    return subject;
  } catch (err) {
    if (!(err instanceof CheckFailed)) throw err;
    throw refused(`${err.check.name}: ${err.check.detail ?? 'failed'}`);
  }
}
