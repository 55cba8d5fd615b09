import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { OAuthError } from '@min-profil/shared/errors';
import type { TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';
import type {
  PermissionSubject,
  StandingPermissionRow,
} from '../persistence/standing-permission-entities.js';
import type { VerifiedProfileUpdate } from './verify-profile-update.js';

export const unknownPermission = () =>
  new OAuthError('unknown_standing_permission', 'no standing permission with that id for this consumer');

export const withdrawnPermission = () =>
  new OAuthError('standing_permission_withdrawn', 'the standing permission has been withdrawn');

/** Contract version 2: a wallet-started permission is made only with whose it is. */
export const missingGrantIdentity = () =>
  new OAuthError(
    'invalid_request',
    'a new wallet-started standing permission must carry an identity credential (identity_token) beside the profile, so that it says whose it is (contract version 2)',
  );

/**
 * The consumer's copy of the given fields out of what was disclosed: a field disclosed as
 * `null` (left empty by the person) or not at all is absent, so the copy never holds nulls.
 */
export function storedCopy(
  disclosed: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((f) => Object.hasOwn(disclosed, f) && disclosed[f] !== null).map((f) => [f, disclosed[f]]),
  );
}

/**
 * An update must come from the holder the permission was granted by and disclose nothing
 * beyond the permission's fields (fewer is fine: the person stopped sharing a field).
 */
export function checkUpdateFitsPermission(
  permission: Pick<StandingPermissionRow, 'holderThumbprint' | 'fields' | 'profileVct' | 'orgNumber'>,
  update: Pick<VerifiedProfileUpdate, 'holderThumbprint' | 'fields' | 'vct' | 'orgNumber'>,
): void {
  if (update.holderThumbprint !== permission.holderThumbprint) {
    throw new OAuthError('invalid_request', 'the update is not bound to the holder key of the permission');
  }
  // A company's permission stays the same company's profile (issue 21); a person's, a person's.
  if (update.vct !== (permission.profileVct ?? contactProfileVct)) {
    throw new OAuthError('invalid_request', 'the update is not the kind of profile the permission is for');
  }
  if ((update.orgNumber ?? null) !== (permission.orgNumber ?? null)) {
    throw new OAuthError('invalid_request', 'the update names another company than the permission');
  }
  const beyond = update.fields.filter((f) => !permission.fields.includes(f));
  if (beyond.length > 0) {
    throw new OAuthError('invalid_request', `fields beyond the permission: ${beyond.join(', ')}`);
  }
}

/**
 * docs/standing-permissions.md "Without a request": the fields a consumer accepts in a
 * permission the wallet starts, or undefined when its trust-list entry does not list
 * standing-permission endpoints or it is not registered for the contact profile.
 */
export function walletInitiatedFields(
  entry: TrustedConsumer | undefined,
  vct: string = contactProfileVct,
): string[] | undefined {
  if (!entry?.standing_permissions) return undefined;
  const paths = entry.registrations
    .flatMap((r) => r.credentials)
    .filter((c) => c.format === 'dc+sd-jwt' && c.type === vct)
    .flatMap((c) => c.claims);
  if (paths.length === 0) return undefined;
  // A registration is by top-level claim; `[null]` would register the whole profile.
  const names = paths.map((p) => p[0]);
  if (names.includes(null)) return ['*'];
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))];
}

/** The first update of a wallet-started permission, once checked against the registration. */
export function createWalletInitiatedPermission(options: {
  id: string;
  consumerId: string;
  registeredFields: string[];
  update: VerifiedProfileUpdate;
  callbackUrl: string | null;
  now: number;
  /**
   * Whose profile it is: the identity credential sent with the first update (`profile_subject`);
   * null for a company's profile, which names its company by org number instead.
   */
  subject: PermissionSubject | null;
}): StandingPermissionRow {
  const { update, registeredFields } = options;
  const beyond = registeredFields.includes('*')
    ? []
    : update.fields.filter((f) => !registeredFields.includes(f));
  if (beyond.length > 0) {
    throw new OAuthError(
      'invalid_request',
      `fields the consumer is not registered for: ${beyond.join(', ')}`,
    );
  }
  return {
    id: options.id,
    consumerId: options.consumerId,
    holderThumbprint: update.holderThumbprint,
    holderJwk: update.holderJwk as Record<string, unknown>,
    // docs/standing-permissions.md: the fields of a wallet-started permission are those its
    // first update discloses (the wallet discloses every field, null when empty).
    fields: update.fields,
    profile: storedCopy(update.profile, update.fields),
    profileVersion: update.profileVersion,
    lastChangeId: update.changeId,
    status: 'active',
    origin: 'wallet',
    presentationRequestId: null,
    callbackUrl: options.callbackUrl,
    createdAt: options.now,
    updatedAt: options.now,
    withdrawnAt: null,
    subject: options.subject,
    ...companyOf(update),
  };
}

/** A company contact profile's kind and org number, as the permission keeps them (issue 21). */
export function companyOf(
  update: Pick<VerifiedProfileUpdate, 'vct' | 'orgNumber'>,
): Pick<StandingPermissionRow, 'profileVct' | 'orgNumber'> {
  return update.vct === contactProfileVct
    ? {}
    : { profileVct: update.vct, orgNumber: update.orgNumber ?? null };
}
