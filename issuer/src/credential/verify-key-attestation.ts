import { decodeProtectedHeader, errors, jwtVerify, type JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import { jwkThumbprint } from '@min-profil/shared/jose/jwk-thumbprint';
import {
  KEY_ATTESTATION_TYPS,
  zKeyAttestationPayload,
  type KeyAttestationsRequired,
} from '@min-profil/shared/key-attestation/z-key-attestation';
import type { CrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import { validateX5cChain, type X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import { X509ChainError } from '@min-profil/shared/pki/x509-chain-error';
import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
import type { KeyAttestationRecord } from '../persistence/entities.js';

function refuse(description: string): never {
  throw new OAuthError('invalid_proof', description);
}

function thumbprintOf(jwk: unknown): string | undefined {
  try {
    return jwkThumbprint(jwk as JWK);
  } catch {
    return undefined;
  }
}

/** The wallet provider on the trust list one of whose keys is the attestation's signing key. */
function providerWithKey(providers: WalletProvider[], key: JWK): WalletProvider | undefined {
  const wanted = thumbprintOf(key);
  return providers.find((p) => p.jwks.keys.some((k) => thumbprintOf(k) === wanted));
}

/**
 * A proof's `key_attestation` (OID4VCI 1.0 Appendix D.1, used in the jwt proof per F.1): a
 * `key-attestation+jwt` signed by a wallet provider key whose `x5c` chain leads to a CA the trust
 * list names and which the list names as that wallet provider's key, within `exp`, attesting the
 * key that signed the proof (and, when it carries one, the proof's nonce). Every refusal is
 * `invalid_proof` with the reason. Returns what the issuer records with the credential.
 */
export async function verifyKeyAttestation(options: {
  jwt: unknown;
  proofJwk: JWK;
  proofNonce: string | undefined;
  now: number;
  anchors: X509TrustAnchor[];
  walletProviders: WalletProvider[];
  crlFetcher: CrlFetcher;
}): Promise<KeyAttestationRecord> {
  if (typeof options.jwt !== 'string') refuse('the key_attestation is not a JWT');
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(options.jwt);
  } catch {
    refuse('the key_attestation is not a JWT');
  }
  if (!KEY_ATTESTATION_TYPS.includes(header.typ as (typeof KEY_ATTESTATION_TYPS)[number])) {
    refuse('the key_attestation typ must be "key-attestation+jwt"');
  }
  if (header.alg !== 'ES256') refuse('the key_attestation alg must be ES256');
  if (header.x5c === undefined) {
    refuse("the key_attestation has no x5c: the wallet provider's certificate chain is required");
  }
  let chain: Awaited<ReturnType<typeof validateX5cChain>>;
  try {
    chain = await validateX5cChain(header.x5c, options.anchors, {
      crlFetcher: options.crlFetcher,
      now: new Date(options.now * 1000),
    });
  } catch (err) {
    if (!(err instanceof X509ChainError)) throw err;
    refuse(`the key_attestation's x5c chain is refused (${err.code}): ${err.message}`);
  }
  const provider = providerWithKey(options.walletProviders, chain.publicJwk as JWK);
  if (!provider) {
    refuse('the key_attestation is not signed by a key of a wallet provider on the trust list');
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(options.jwt, chain.publicJwk as JWK, {
      algorithms: ['ES256'],
      currentDate: new Date(options.now * 1000),
      clockTolerance: 60,
      requiredClaims: ['iat', 'exp'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) refuse('the key_attestation has expired');
    if (err instanceof errors.JWTClaimValidationFailed) {
      refuse(`the key_attestation fails its ${err.claim} check`);
    }
    refuse("the key_attestation's signature does not verify with its certificate's key");
  }
  const parsed = zKeyAttestationPayload.safeParse(payload);
  if (!parsed.success) refuse('the key_attestation payload is malformed (iat, exp, attested_keys)');
  const attested = parsed.data;
  const proofKey = thumbprintOf(options.proofJwk);
  if (!attested.attested_keys.some((k) => thumbprintOf(k) === proofKey)) {
    refuse("the proof is not signed by a key in the key_attestation's attested_keys");
  }
  if (attested.nonce !== undefined && attested.nonce !== options.proofNonce) {
    refuse("the key_attestation's nonce is not the proof's c_nonce");
  }
  return {
    wallet_provider: provider.id,
    certificate_serial: chain.leaf.serialNumber,
    ...(attested.key_storage ? { key_storage: attested.key_storage } : {}),
    ...(attested.user_authentication ? { user_authentication: attested.user_authentication } : {}),
    ...(attested.certification ? { certification: attested.certification } : {}),
    ...(attested.min_profil_key_protection
      ? { min_profil_key_protection: attested.min_profil_key_protection }
      : {}),
    iat: attested.iat,
    exp: attested.exp,
  };
}

/**
 * `key_attestations_required` (OID4VCI 1.0 §12.2.4): a proof without an attestation is refused,
 * and one whose levels include none of the accepted values too.
 */
export function checkKeyAttestationRequirement(
  required: KeyAttestationsRequired | undefined,
  record: KeyAttestationRecord | undefined,
): void {
  if (!required) return;
  if (!record) {
    refuse('this credential requires a key_attestation in every proof (OID4VCI 1.0 Appendix D)');
  }
  for (const name of ['key_storage', 'user_authentication'] as const) {
    const accepted = required[name];
    if (accepted && !accepted.some((level) => record[name]?.includes(level))) {
      refuse(`the key_attestation's ${name} is none of ${accepted.join(', ')}`);
    }
  }
}
