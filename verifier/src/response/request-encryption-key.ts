import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import type { ConsumerRuntime } from '../context.js';
import type { DataSealer } from '../crypto/data-sealer.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { DELETED_ENCRYPTION_KEY } from '../persistence/verifier-store.js';

/**
 * HAIP 1.0 (§5, response encryption): each `direct_post.jwt` request has its own ephemeral
 * ECDH-ES P-256 key, announced in its `client_metadata.jwks`. The private key is sealed at rest with
 * the consumer's data key (AAD naming the row) and deleted when the request is answered or
 * expires, so a response can only be read while its request is open, and a response encrypted to
 * another request's key (or to the consumer's old long-lived key) does not decrypt.
 */
const aad = (id: string) => `presentation_request.response_encryption_key:${id}`;

export async function createRequestEncryptionKey(
  sealer: DataSealer,
  consumerId: string,
  requestId: string,
): Promise<string> {
  const { privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return sealer.sealJson(consumerId, aad(requestId), { ...jwk, kid, alg: 'ECDH-ES', use: 'enc' });
}

function openKey(sealer: DataSealer, row: PresentationRequestRow): JWK | null {
  const stored = row.responseEncryptionKey ?? null;
  if (stored === null) return null;
  if (stored === DELETED_ENCRYPTION_KEY) {
    throw new OAuthError(
      'invalid_request',
      'the encryption key of this request has been deleted: it was answered or has expired',
      { extra: { failed_checks: ['response_encryption'] } },
    );
  }
  return sealer.openJson<JWK>(row.consumerId, aad(row.id), stored);
}

/** The public key a request announces: its own, or (requests made before) its consumer's. */
export function requestEncryptionJwk(
  sealer: DataSealer,
  consumer: ConsumerRuntime,
  row: PresentationRequestRow,
): JWK {
  const own = openKey(sealer, row);
  if (!own) return consumer.keys.encryptionJwk;
  const { d: _private, ...publicJwk } = own;
  return publicJwk;
}

/** The key that decrypts this request's response: its own, or (requests made before) its consumer's. */
export async function requestDecryptionKey(
  sealer: DataSealer,
  consumer: ConsumerRuntime,
  row: PresentationRequestRow,
) {
  const own = openKey(sealer, row);
  return own ? importJWK(own, 'ECDH-ES') : consumer.keys.encryption.privateKey;
}
