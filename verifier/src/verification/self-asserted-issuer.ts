import { base64url, type JWK } from 'jose';
import { jwkThumbprint } from '@min-profil/shared/jose/jwk-thumbprint';
import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { SdJwtError } from '@min-profil/shared/sd-jwt/sd-jwt-error';

/** Types the holder issues about itself: no trust-list issuer and no status list apply. */
const selfAssertedTypes: readonly string[] = [contactProfileVct, companyContactProfileVct];

export function isSelfAssertedType(vct: string): boolean {
  return selfAssertedTypes.includes(vct);
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** did:jwk (W3C CCG did:jwk §2): `did:jwk:` + base64url of the JWK's UTF-8 JSON. */
export function parseDidJwk(did: string): JWK | undefined {
  if (!did.startsWith('did:jwk:')) return undefined;
  const encoded = did.slice('did:jwk:'.length).split('#')[0];
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(encoded)) return undefined;
  try {
    const jwk = JSON.parse(new TextDecoder().decode(base64url.decode(encoded))) as unknown;
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return undefined;
    if (PRIVATE_MEMBERS.some((m) => Object.hasOwn(jwk, m))) return undefined;
    return jwk as JWK;
  } catch {
    return undefined;
  }
}

export function didJwkFor(jwk: JWK): string {
  return `did:jwk:${base64url.encode(JSON.stringify(jwk))}`;
}

/**
 * The signing key of a self-asserted SD-JWT VC (docs/standing-permissions.md): `iss` is the
 * did:jwk of the holder key and `cnf.jwk` is that same key (compared by RFC 7638 thumbprint,
 * since two serialisations of one key may differ), so the holder signed it about itself.
 */
export async function resolveSelfAssertedIssuerKey(payload: Record<string, unknown>): Promise<JWK> {
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  const issuerJwk = parseDidJwk(iss);
  if (!issuerJwk)
    throw new SdJwtError('issuer_key_unresolved', 'a self-asserted credential has a did:jwk iss');
  const cnf = payload.cnf as { jwk?: JWK } | undefined;
  if (!cnf?.jwk || typeof cnf.jwk !== 'object') {
    throw new SdJwtError('cnf_missing', 'a self-asserted credential is bound to its issuer key in cnf.jwk');
  }
  let same: boolean;
  try {
    same = jwkThumbprint(issuerJwk) === jwkThumbprint(cnf.jwk);
  } catch (cause) {
    throw new SdJwtError('issuer_key_unresolved', 'the did:jwk or cnf.jwk is not a usable key', { cause });
  }
  if (!same) {
    throw new SdJwtError('issuer_key_unresolved', 'iss is not the did:jwk of the holder key in cnf.jwk');
  }
  return cnf.jwk;
}
