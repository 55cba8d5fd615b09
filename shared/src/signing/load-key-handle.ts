import { createPublicKey } from 'node:crypto';
import { loadSigningKey, type KeyAgentHandle } from '../kms.js';
import { inProcessSigner } from './in-process-signer.js';
import { PKCS11_KMS } from './pkcs11-kms.js';
import type { KeyHandle } from './signer.js';

/**
 * A KMS key as a `KeyHandle`: a key in the PKCS#11 token signs there; a key of the local KMS is
 * decrypted once and signs in process.
 */
export async function loadKeyHandle(handle: KeyAgentHandle, kmsKid: string): Promise<KeyHandle> {
  const key = await handle.agent.keyManagerGet({ kid: kmsKid });
  if (key.kms === PKCS11_KMS) {
    if (!handle.pkcs11) {
      throw new Error(`key ${kmsKid} is in a PKCS#11 token, and no token is configured`);
    }
    const tokenKey = await handle.pkcs11.findKey(kmsKid);
    return {
      kmsKid,
      alg: 'ES256',
      publicKey: createPublicKey({ key: tokenKey.publicJwk as never, format: 'jwk' }),
      publicJwk: tokenKey.publicJwk,
      signer: handle.pkcs11.signer(kmsKid),
    };
  }
  const local = await loadSigningKey(handle, kmsKid);
  return {
    kmsKid,
    alg: 'ES256',
    publicKey: local.publicKey,
    publicJwk: local.publicJwk,
    signer: inProcessSigner(local.privateKey),
  };
}
