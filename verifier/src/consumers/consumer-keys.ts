import { calculateJwkThumbprint, type JWK } from 'jose';
import { loadSigningKey, type KeyAgentHandle, type SigningKey } from '@min-profil/shared/kms';
import { loadKeyHandle } from '@min-profil/shared/signing/load-key-handle';
import type { KeyHandle } from '@min-profil/shared/signing/signer';
import { consumerUrl, didWebFor, DID_CLIENT_ID_PREFIX } from './did-web.js';

/**
 * A consumer's keys, in the Veramo KMS under its did:web identifier: one P-256 key signs its
 * request objects (JAR), receipts and consent records (in the PKCS#11 token when one is
 * configured), a second one (ECDH-ES, always in process) receives `direct_post.jwt` responses. Both are
 * found again on restart through the DID, so every instance sharing the database uses them.
 */
export interface ConsumerKeys {
  did: string;
  /** `decentralized_identifier:{did}` (OpenID4VP 1.0 §5.9.3). */
  clientId: string;
  signing: KeyHandle;
  /** The request object's `kid`: a verification method of the DID. */
  signingKid: string;
  signingJwk: JWK;
  encryption: SigningKey;
  encryptionJwk: JWK;
}

const ENCRYPTION_PURPOSE = 'response-encryption';

export async function loadConsumerKeys(
  handle: KeyAgentHandle,
  baseUrl: string,
  consumerId: string,
): Promise<ConsumerKeys> {
  const did = didWebFor(consumerUrl(baseUrl, consumerId));
  const { agent } = handle;
  const identifier = await agent.didManagerGetOrCreate({
    alias: did.slice('did:web:'.length),
    provider: 'did:web',
    kms: handle.signingKms,
    options: { keyType: 'Secp256r1' },
  });
  const isEncryption = (meta: unknown) =>
    (meta as Record<string, unknown> | null | undefined)?.purpose === ENCRYPTION_PURPOSE;
  const signingKmsKey = identifier.keys.find((k) => k.type === 'Secp256r1' && !isEncryption(k.meta));
  if (!signingKmsKey) throw new Error(`identifier ${did} has no P-256 signing key`);
  let encryptionKmsKey = identifier.keys.find((k) => k.type === 'Secp256r1' && isEncryption(k.meta));
  if (!encryptionKmsKey) {
    encryptionKmsKey = await agent.keyManagerCreate({
      kms: 'local',
      type: 'Secp256r1',
      meta: { purpose: ENCRYPTION_PURPOSE },
    });
    await agent.didManagerAddKey({ did, key: encryptionKmsKey });
  }
  const signing = await loadKeyHandle(handle, signingKmsKey.kid);
  const encryption = await loadSigningKey(handle, encryptionKmsKey.kid);
  const signingThumbprint = await calculateJwkThumbprint(signing.publicJwk);
  const encryptionThumbprint = await calculateJwkThumbprint(encryption.publicJwk);
  const signingKid = `${did}#${signingThumbprint}`;
  return {
    did,
    clientId: `${DID_CLIENT_ID_PREFIX}${did}`,
    signing,
    signingKid,
    signingJwk: { ...signing.publicJwk, kid: signingKid, alg: 'ES256', use: 'sig' },
    encryption,
    encryptionJwk: { ...encryption.publicJwk, kid: encryptionThumbprint, alg: 'ECDH-ES', use: 'enc' },
  };
}

/** The consumer's did:web document: the request-signing key and the response-encryption key. */
export function createConsumerDidDocument(keys: ConsumerKeys) {
  const encryptionId = `${keys.did}#${keys.encryptionJwk.kid}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: keys.did,
    verificationMethod: [
      { id: keys.signingKid, type: 'JsonWebKey2020', controller: keys.did, publicKeyJwk: keys.signingJwk },
      { id: encryptionId, type: 'JsonWebKey2020', controller: keys.did, publicKeyJwk: keys.encryptionJwk },
    ],
    authentication: [keys.signingKid],
    assertionMethod: [keys.signingKid],
    keyAgreement: [encryptionId],
  };
}
