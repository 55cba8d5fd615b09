import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * The signing seam: every signature a service makes (credentials, status lists, request
 * objects, receipts, consent records, the trust list) is made by a `Signer`. The in-process
 * signer holds a `node:crypto` key (today's speed); the PKCS#11 signer holds only a handle to a
 * key inside a token, which never leaves it.
 */
export interface Signer {
  /** Only ES256 for now: P-256 is what every token supports and what HAIP asks for. */
  readonly alg: 'ES256';
  /** Where the private key lives; for logs and the benchmark, never for decisions. */
  readonly backend: 'in-process' | 'pkcs11';
  /** The JWS signature of `signingInput` (ES256: SHA-256, then ECDSA, as raw R || S). */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
}

/** A signing key as the services hold it: its KMS id, its public half and its signer. */
export interface KeyHandle {
  /** The KMS key id (kid in Veramo's key store). */
  kmsKid: string;
  alg: 'ES256';
  publicKey: KeyObject;
  publicJwk: JWK;
  signer: Signer;
}

export function isSigner(value: unknown): value is Signer {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Signer).sign === 'function' &&
    typeof (value as Signer).backend === 'string'
  );
}
