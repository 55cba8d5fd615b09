/**
 * Why an `x5c` chain was refused, with a stable code (docs/pki.md "Validating a chain"). The
 * caller maps it to its protocol's error (e.g. `invalid_proof`, `invalid_client`,
 * `invalid_request`) and passes the message on as the description.
 */
export type X509ChainRefusal =
  /** Empty, too long, not base64 DER, or a certificate that does not certify the one before it. */
  | 'invalid_chain'
  /** The leaf signs itself: no CA vouches for it. */
  | 'self_signed_leaf'
  /** The chain ends at no trust anchor the trust list names. */
  | 'untrusted_anchor'
  | 'expired'
  | 'not_yet_valid'
  /** A CA certificate used as the leaf, or a certificate that may not sign certificates doing so. */
  | 'basic_constraints'
  /** The leaf may not make digital signatures, or a CA may not sign certificates or CRLs. */
  | 'key_usage'
  | 'revoked'
  /** No CRL location known, or the CRL could not be fetched: revocation cannot be ruled out. */
  | 'crl_unavailable'
  /** The CRL does not parse, is not signed by the certificate's issuer, or is from another issuer. */
  | 'crl_invalid'
  /** The CRL's nextUpdate has passed (or its thisUpdate lies ahead). */
  | 'crl_stale'
  /** The leaf's subject alternative names do not name the expected host. */
  | 'san_mismatch';

export class X509ChainError extends Error {
  constructor(
    readonly code: X509ChainRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'X509ChainError';
  }
}
