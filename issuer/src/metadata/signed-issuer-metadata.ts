import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import type { SdJwtSigner } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';

/** OID4VCI 1.0 §12.2.3: the `typ` of signed Credential Issuer Metadata. */
export const SIGNED_METADATA_TYP = 'openidvci-issuer-metadata+jwt';

/** How long a signed metadata document may be relied on; wallets fetch it per issuance anyway. */
const validitySeconds = 24 * 3600;

/**
 * Credential Issuer Metadata as a signed JWT (OID4VCI 1.0 §12.2.2–12.2.3, HAIP 1.0 §4.1): the
 * metadata parameters as claims, `sub` the credential issuer identifier, `iss` the same (the
 * holder attests its own metadata), `iat`, `exp`; signed with the holder's key and its
 * certificate chain in `x5c` (the leaf names the holder's host; no `kid`: the chain is the key).
 */
export async function signIssuerMetadata(
  metadata: { credential_issuer: string } & Record<string, unknown>,
  signer: SdJwtSigner & { x5c: string[] },
  nowSeconds: number,
): Promise<string> {
  // Through the signing seam: the holder's key may live in a PKCS#11 token (docs/operations.md).
  return signCompactJwt({
    header: { alg: 'ES256', typ: SIGNED_METADATA_TYP, x5c: signer.x5c },
    payload: {
      ...metadata,
      sub: metadata.credential_issuer,
      iss: metadata.credential_issuer,
      iat: nowSeconds,
      exp: nowSeconds + validitySeconds,
    },
    privateKey: signer.privateKey,
  });
}
