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
 * Creates the KB-JWT that ends an SD-JWT+KB (RFC 9901 §4.3): `typ: kb+jwt`, `iat`, `aud`,
 * `nonce` and `sd_hash` over the presentation up to and including its last `~`.
 */
export async function createKeyBindingJwt(
  options: KeyBindingOptions & { sdJwtPart: string; sdAlg: string },
): Promise<string> {
  return signCompactJwt({
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
    privateKey: options.privateKey,
  });
}
