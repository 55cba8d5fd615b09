import type { KeyObject } from 'node:crypto';
import { hashBase64url } from './disclosure.js';
import { signCompactJwt, type JwsAlg } from './jws.js';

export interface KeyBindingOptions {
  nonce: string;
  /** The verifier's client_id (OpenID4VP 1.0 §B.3.3). */
  audience: string;
  /** `iat`, seconds. */
  issuedAt: number;
  privateKey: KeyObject;
  alg: JwsAlg;
  /** OpenID4VP 1.0 §8.4: hashes of the request's transaction_data strings, when it had any. */
  transactionDataHashes?: string[];
  transactionDataHashesAlg?: string;
}

/**
 * The KB-JWT's header and payload (RFC 9901 §4.3): `typ: kb+jwt`, `iat`, `aud`, `nonce` and
 * `sd_hash` over the presentation up to and including its last `~`. Separate from signing so a
 * key held elsewhere (the person's browser, docs/passkeys.md) can sign exactly this.
 */
export function keyBindingJwtParts(
  options: Omit<KeyBindingOptions, 'privateKey'> & { sdJwtPart: string; sdAlg: string },
): { header: { alg: string; typ: string }; payload: Record<string, unknown> } {
  return {
    header: { alg: options.alg, typ: 'kb+jwt' },
    payload: {
      iat: options.issuedAt,
      aud: options.audience,
      nonce: options.nonce,
      sd_hash: hashBase64url(options.sdJwtPart, options.sdAlg),
      ...(options.transactionDataHashes === undefined
        ? {}
        : { transaction_data_hashes: options.transactionDataHashes }),
      ...(options.transactionDataHashesAlg === undefined
        ? {}
        : { transaction_data_hashes_alg: options.transactionDataHashesAlg }),
    },
  };
}

/** Creates and signs the KB-JWT that ends an SD-JWT+KB (RFC 9901 §4.3). */
export async function createKeyBindingJwt(
  options: KeyBindingOptions & { sdJwtPart: string; sdAlg: string },
): Promise<string> {
  return signCompactJwt({ ...keyBindingJwtParts(options), privateKey: options.privateKey });
}
