import {
  companyContactProfileClaims,
  companyContactProfileVct,
  companyProfileOrgClaim,
} from '@min-profil/shared/contact-profile/company-contact-profile';
import { OAuthError } from '@min-profil/shared/errors';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { openCompanyProfile } from './company-profile.js';
import { loadCompanyKey } from './company-key.js';
import type { CompanyProfile } from './z-company-profile.js';

/** The profile's claims as the credential carries them: an empty field is `null`. */
export function companyProfileClaims(profile: CompanyProfile): Record<string, unknown> {
  return {
    address: profile.address ?? null,
    official_mail_address: profile.official_mail_address ?? null,
    emails: profile.emails.length > 0 ? profile.emails : null,
    phones: profile.phones.length > 0 ? profile.phones : null,
    preferred_language: profile.preferred_language ?? null,
  };
}

/**
 * Signs the company's current contact profile as a self-issued SD-JWT VC (docs/representation.md
 * "Sharing the company contact profile"): `iss` is the did:jwk of the company key, which also
 * signs it and is its `cnf.jwk`; `org_number`, `profile_version` and `change_id` are plain;
 * every profile claim is one disclosure and only those in `fields` are attached (an empty one
 * as null, which clears it in the body's copy).
 */
export async function signCompanyProfileCredential(
  ctx: WalletContext,
  orgNumber: string,
  options: { fields: string[]; changeId: string | ((profileVersion: number) => Promise<string>) },
): Promise<{
  profileVersion: number;
  appendKeyBinding(options: { audience: string; nonce: string }): Promise<string>;
}> {
  const unknown = options.fields.filter(
    (f) => !(companyContactProfileClaims as readonly string[]).includes(f),
  );
  if (unknown.length > 0) {
    throw new OAuthError('invalid_request', `not company profile claims: ${unknown.join(', ')}`);
  }
  const key = await loadCompanyKey(ctx, orgNumber);
  const row = (await ctx.store.findCompanyProfile(orgNumber))!;
  const claims = companyProfileClaims(openCompanyProfile(ctx, row));
  const changeId =
    typeof options.changeId === 'string' ? options.changeId : await options.changeId(row.version);
  const issued = await issueSdJwtVc({
    issuer: key.did,
    vct: companyContactProfileVct,
    claims: {
      [companyProfileOrgClaim]: orgNumber,
      profile_version: row.version,
      change_id: changeId,
      ...claims,
    },
    disclosureFrame: { _sd: [...companyContactProfileClaims] },
    holderJwk: key.publicJwk,
    issuedAt: ctx.now(),
    signer: { privateKey: key.key.privateKey, kid: key.kid, alg: 'ES256' },
  });
  const fields = new Set(options.fields);
  const sdJwt = await presentSdJwtVc({
    compact: issued,
    disclose: (path) => path.length === 1 && fields.has(String(path[0])),
  });
  return {
    profileVersion: row.version,
    appendKeyBinding: ({ audience, nonce }) =>
      presentSdJwtVc({
        compact: sdJwt,
        disclose: () => true,
        keyBinding: { privateKey: key.key.privateKey, alg: 'ES256', audience, nonce, issuedAt: ctx.now() },
      }),
  };
}

/** A JWS signed by the company key, e.g. a `standing-permission-withdrawal+jwt`. */
export async function signWithCompanyKey(
  ctx: WalletContext,
  orgNumber: string,
  options: { typ: string; payload: Record<string, unknown> },
): Promise<string> {
  const key = await loadCompanyKey(ctx, orgNumber);
  return signCompactJwt({
    header: { alg: 'ES256', typ: options.typ, kid: key.kid },
    payload: options.payload,
    privateKey: key.key.privateKey,
  });
}
