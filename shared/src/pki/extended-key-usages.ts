/**
 * Extended key usages (RFC 5280 §4.2.1.12) a credential or status list signer's certificate may
 * be restricted to. A critical EKU extension limits the key to the purposes it lists; the
 * relying party accepts the leaf only for a use among them (validate-x5c-chain.ts).
 */
export const documentSignerKeyUsages = [
  // EUDI PID Rulebook (ARF 1.4), id-eudi-iso-pid-kp-DS under the European Commission's arc
  // 1.3.130.2: what the EUDI reference PID issuer's document signer certificates carry.
  '1.3.130.2.0.0.1.2',
  // ISO/IEC 18013-5 id-mdl-kp-mdlDS: the mDL document signer.
  '1.0.18013.5.1.2',
] as const;

/** RFC 5280 anyExtendedKeyUsage: a leaf that lists it may be used for any purpose. */
export const anyExtendedKeyUsage = '2.5.29.37.0';
