import { decodeJwt, type JWK } from 'jose';
import { jwkThumbprint } from '@min-profil/shared/jose/jwk-thumbprint';
import {
  companyContactProfileVct,
  companyProfileOrgClaim,
  profileClaimsOf,
} from '@min-profil/shared/contact-profile/company-contact-profile';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import {
  invalidCompanyContactProfileClaims,
  invalidContactProfileClaims,
} from '@min-profil/shared/contact-profile/z-contact-profile-claims';
import { OAuthError } from '@min-profil/shared/errors';
import { parseSdJwt, type ParsedSdJwt } from '@min-profil/shared/sd-jwt/parse-sd-jwt';
import { isSdJwtError } from '@min-profil/shared/sd-jwt/sd-jwt-error';
import { verifySdJwtVc, type VerifiedSdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
import { assessContactChannels } from '../verification/assess-contact-channels.js';
import { resolveSelfAssertedIssuerKey } from '../verification/self-asserted-issuer.js';
import { zProfileVersionClaims } from './z-standing-permission-update.js';

export interface VerifiedProfileUpdate {
  /** The KB-JWT nonce; the caller redeems it (single use). */
  nonce: string;
  holderThumbprint: string;
  holderJwk: JWK;
  profileVersion: number;
  changeId: string;
  /** Top-level claims the update disclosed. */
  fields: string[];
  /** Those claims, channels assessed (docs/standing-permissions.md "Proof of a verified channel"). */
  profile: Record<string, unknown>;
  /** The person's contact profile, or the company contact profile (issue 21). */
  vct: string;
  /** The company contact profile's `org_number` (always shown); undefined for a person's. */
  orgNumber?: string;
}

const invalid = (description: string, cause?: unknown) =>
  new OAuthError('invalid_request', description, cause === undefined ? {} : { cause });

/**
 * The ordinary checks of a presentation, for one pushed contact-profile version: signature
 * by the key in `cnf.jwk` with `iss` its did:jwk, disclosures, KB-JWT signature, `sd_hash`,
 * `aud` = the consumer's client_id and freshness. The nonce is read from the KB-JWT here and
 * checked against the database by the caller.
 */
export async function verifyProfileUpdate(options: {
  vpToken: string;
  clientId: string;
  walletProviders: WalletProvider[];
  now: number;
  clockSkew: number;
  keyBindingMaxAge: number;
  maxBytes: number;
}): Promise<VerifiedProfileUpdate> {
  const limits = { maxLength: options.maxBytes };
  let parsed: ParsedSdJwt;
  let nonce: unknown;
  try {
    parsed = parseSdJwt({ compact: options.vpToken, limits });
    nonce = parsed.kbJwt ? decodeJwt(parsed.kbJwt).nonce : undefined;
  } catch (cause) {
    throw invalid('vp_token is not an SD-JWT with a KB-JWT', cause);
  }
  if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > 200) {
    throw invalid('vp_token needs a KB-JWT with the c_nonce');
  }
  const vct = parsed.payload.vct;
  const claimNames = profileClaimsOf(vct);
  if (!claimNames) {
    throw invalid(`vp_token is neither a ${contactProfileVct} nor a ${companyContactProfileVct}`);
  }
  let verified: VerifiedSdJwtVc;
  try {
    verified = await verifySdJwtVc({
      compact: options.vpToken,
      parsed,
      resolveIssuerKey: () => resolveSelfAssertedIssuerKey(parsed.payload),
      keyBinding: {
        nonce,
        audience: options.clientId,
        now: options.now,
        maxAgeSeconds: options.keyBindingMaxAge,
      },
      now: options.now,
      clockSkewSeconds: options.clockSkew,
      limits,
    });
  } catch (err) {
    if (!isSdJwtError(err)) throw err;
    // Stable codes, e.g. kb_jwt_aud_mismatch, invalid_signature; the message names no values.
    throw invalid(`vp_token refused (${err.code}): ${err.message}`, err);
  }
  const version = zProfileVersionClaims.safeParse(verified.payload);
  if (!version.success) throw invalid('the profile lacks profile_version or change_id');
  const holderJwk = verified.cnf!.jwk!;
  const holderThumbprint = jwkThumbprint(holderJwk);
  const fields = [...new Set(verified.disclosures.map((d) => String(d.path[0])))];
  const unknown = fields.filter((f) => !claimNames.includes(f));
  if (unknown.length > 0) throw invalid(`not contact profile claims: ${unknown.join(', ')}`);
  const company = vct === companyContactProfileVct;
  const orgNumber = verified.payload[companyProfileOrgClaim];
  if (company && (typeof orgNumber !== 'string' || !/^\d{6}-\d{4}$/.test(orgNumber))) {
    throw invalid('the company contact profile lacks its org_number');
  }
  const disclosed = Object.fromEntries(fields.map((name) => [name, verified.claims[name]]));
  // The shape first: the channel proofs below cost a signature check per entry and provider.
  const malformed = company
    ? invalidCompanyContactProfileClaims(disclosed)
    : invalidContactProfileClaims(disclosed);
  if (malformed.length > 0) throw invalid(`malformed contact profile claims: ${malformed.join(', ')}`);
  const profile = await assessContactChannels({
    claims: disclosed,
    holderThumbprint,
    walletProviders: options.walletProviders,
    now: options.now,
    clockSkew: options.clockSkew,
  });
  return {
    nonce,
    holderThumbprint,
    holderJwk,
    profileVersion: version.data.profile_version,
    changeId: version.data.change_id,
    fields,
    profile,
    vct: vct as string,
    ...(company ? { orgNumber: orgNumber as string } : {}),
  };
}
