/**
 * The DCQL `trusted_authorities` type (OpenID4VP 1.0 §6.1.1) naming this project's trust list:
 * its values are trust list identifiers (TRUST_LIST_URI), and an issuer listed there matches.
 * Not `etsi_tl`, which the specification reserves for ETSI TS 119 612 trusted lists.
 */
export const trustListAuthorityType = 'https://min-profil.se/trust-list';
