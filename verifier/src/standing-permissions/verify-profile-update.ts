import { decodeJwt, type JWK } from 'jose';
import { jwkThumbprint } from '@min-profil/shared/jose/jwk-thumbprint';
import { contactProfileClaims, contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { invalidContactProfileClaims } from '@min-profil/shared/contact-profile/z-contact-profile-claims';
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
  if (parsed.payload.vct !== contactProfileVct) throw invalid(`vp_token is not a ${contactProfileVct}`);
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
  const unknown = fields.filter((f) => !(contactProfileClaims as readonly string[]).includes(f));
  if (unknown.length > 0) throw invalid(`not contact profile claims: ${unknown.join(', ')}`);
  const disclosed = Object.fromEntries(fields.map((name) => [name, verified.claims[name]]));
  // The shape first: the channel proofs below cost a signature check per entry and provider.
  const malformed = invalidContactProfileClaims(disclosed);
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
  };
}
