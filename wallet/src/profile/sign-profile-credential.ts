import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import {
  contactProfileClaims,
  contactProfileVct,
  type ContactProfileClaim,
} from '@min-profil/shared/contact-profile/contact-profile';
import { OAuthError } from '@min-profil/shared/errors';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { loadProfileHolderKey } from './profile-holder-key.js';
import { profileClaims } from './profile-model.js';
import { findAccountOrFail, readProfile } from './read-profile.js';

export interface SignProfileCredentialOptions {
  /** Top-level profile claims to disclose (`address`, `emails`, …); the others stay hidden. */
  fields: string[];
  /**
   * `change_id`: the consumer's idempotency key for this delivery; or a function that picks it
   * once the signed `profile_version` is known (one change_id must always mean one content).
   */
  changeId: string | ((profileVersion: number) => Promise<string>);
}

export interface SignedProfileCredential {
  /** Issuer-signed JWT plus the disclosures of `fields` only, ending in `~` (no KB-JWT). */
  sdJwt: string;
  /** `profile_version` signed into it: the current version when signed. */
  profileVersion: number;
  changeId: string;
  /** The holder key (also `cnf.jwk`), public members only. */
  holderJwk: JWK;
  /** `did:jwk:…`: the credential's `iss`. */
  holderDid: string;
  /** `<did>#0`: the `kid` in the credential's header. */
  holderKid: string;
  /** RFC 7638 thumbprint of the holder key (what consumers record for the permission). */
  holderThumbprint: string;
  /** The same key as `presentSdJwtVc`'s `keyBinding` wants it (`{ ...keyBinding, nonce, audience, issuedAt }`). */
  keyBinding: { privateKey: KeyObject; alg: 'ES256' };
  /** `sdJwt` + a KB-JWT (RFC 9901 §4.3) with this `aud` and `nonce`: the `vp_token` of an update. */
  appendKeyBinding(options: { audience: string; nonce: string; issuedAt?: number }): Promise<string>;
}

/**
 * Signs the person's current contact profile as a self-issued SD-JWT VC
 * (docs/standing-permissions.md): `iss` is the did:jwk of the profile holder key, which also
 * signs it and is its `cnf.jwk`; every profile claim is one top-level disclosure and only those
 * in `fields` are attached.
 */
export async function signProfileCredential(
  ctx: WalletContext,
  accountId: string,
  options: SignProfileCredentialOptions,
): Promise<SignedProfileCredential> {
  const unknown = options.fields.filter((f) => !(contactProfileClaims as readonly string[]).includes(f));
  if (unknown.length > 0) {
    throw new OAuthError('invalid_request', `not contact profile claims: ${unknown.join(', ')}`);
  }
  const account = await findAccountOrFail(ctx, accountId);
  const holder = await loadProfileHolderKey(ctx, account);
  const { row, profile } = await readProfile(ctx, account);
  const filled = profileClaims(profile);
  // Contract: every field of the permission is disclosed, an empty one as null (which clears it
  // in the consumer's copy); profileClaims leaves unset claims out, so fill in the asked-for ones.
  const claims: Record<string, unknown> = { ...filled };
  for (const field of options.fields) claims[field] = filled[field as ContactProfileClaim] ?? null;
  const changeId =
    typeof options.changeId === 'string' ? options.changeId : await options.changeId(row.profileVersion);
  const issued = await issueSdJwtVc({
    issuer: holder.did,
    vct: contactProfileVct,
    // Contract: profile_version and change_id are plain; each profile claim is disclosable.
    claims: { profile_version: row.profileVersion, change_id: changeId, ...claims },
    disclosureFrame: { _sd: [...contactProfileClaims] },
    holderJwk: holder.publicJwk,
    issuedAt: ctx.now(),
    signer: { privateKey: holder.key.privateKey, kid: holder.kid, alg: 'ES256' },
  });
  const fields = new Set<string>(options.fields as ContactProfileClaim[]);
  const sdJwt = await presentSdJwtVc({
    compact: issued,
    disclose: (path) => path.length === 1 && fields.has(String(path[0])),
  });
  const keyBinding = { privateKey: holder.key.privateKey, alg: 'ES256' as const };
  return {
    sdJwt,
    profileVersion: row.profileVersion,
    changeId,
    holderJwk: holder.publicJwk,
    holderDid: holder.did,
    holderKid: holder.kid,
    holderThumbprint: holder.thumbprint,
    keyBinding,
    appendKeyBinding: ({ audience, nonce, issuedAt }) =>
      presentSdJwtVc({
        compact: sdJwt,
        disclose: () => true,
        keyBinding: { ...keyBinding, audience, nonce, issuedAt: issuedAt ?? ctx.now() },
      }),
  };
}

/**
 * Signs a JWS with the profile holder key, e.g. a `standing-permission-withdrawal+jwt`
 * (header `alg: ES256`, `typ`, `kid` = the holder's did:jwk URL).
 */
export async function signWithProfileHolderKey(
  ctx: WalletContext,
  accountId: string,
  options: { typ: string; payload: Record<string, unknown> },
): Promise<string> {
  const account = await findAccountOrFail(ctx, accountId);
  const holder = await loadProfileHolderKey(ctx, account);
  return signCompactJwt({
    header: { alg: 'ES256', typ: options.typ, kid: holder.kid },
    payload: options.payload,
    privateKey: holder.key.privateKey,
  });
}
