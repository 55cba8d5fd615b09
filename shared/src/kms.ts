import { createECDH, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { createAgent, type IDIDManager, type IKeyManager, type IResolver, type TAgent } from '@veramo/core';
import type { ICredentialPlugin } from '@veramo/core-types';
import { CredentialPlugin } from '@veramo/credential-w3c';
import { CredentialProviderJWT } from '@veramo/credential-jwt';
import { DIDStore, KeyStore, PrivateKeyStore } from '@veramo/data-store';
import { DIDManager } from '@veramo/did-manager';
import { JwkDIDProvider, getDidJwkResolver } from '@veramo/did-provider-jwk';
import { KeyDIDProvider, getDidKeyResolver } from '@veramo/did-provider-key';
import { WebDIDProvider } from '@veramo/did-provider-web';
import { DIDResolverPlugin } from '@veramo/did-resolver';
import { KeyManager } from '@veramo/key-manager';
import { SecretBox } from '@veramo/kms-local';
import { Resolver } from 'did-resolver';
import type { DataSource } from 'typeorm';
import { exportJWK, type JWK } from 'jose';
import { getWebDidResolver } from './net/did-web-resolver.js';
import { NativeP256KeyManagementSystem } from './signing/native-local-kms.js';
import { Pkcs11KeyManagementSystem, PKCS11_KMS } from './signing/pkcs11-kms.js';
import type { Pkcs11Token } from './signing/pkcs11-token.js';

/**
 * The crypto seam: the only module that talks to Veramo. Keys are created and stored by
 * Veramo's key manager in the service's database, private keys encrypted by the local KMS's
 * secret box. Hot-path signing uses `node:crypto` (through jose) on the KMS's key, which is
 * about 15× faster than Veramo's pure-JS curves.
 */
export type KeyAgent = TAgent<IKeyManager & IDIDManager & IResolver & ICredentialPlugin>;

export interface KeyAgentOptions {
  dataSource: DataSource;
  /** 64 hex characters (32 bytes) for the KMS secret box. */
  secretBoxKey: string;
  /**
   * The service's outbound fetch (`createOutboundFetch`): did:web documents are fetched only
   * through it, so its policy holds for DID resolution too. Without it did:web does not resolve.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * A PKCS#11 token (signing/pkcs11-token.ts): new signing keys are then generated inside it,
   * while keys made earlier in the local KMS keep signing until rotated away.
   */
  pkcs11?: Pkcs11Token;
}

export interface KeyAgentHandle {
  agent: KeyAgent;
  privateKeys: PrivateKeyStore;
  /** The Veramo KMS new signing keys are created in: the token when one is configured. */
  signingKms: 'local' | typeof PKCS11_KMS;
  pkcs11?: Pkcs11Token;
}

export function createKeyAgent(options: KeyAgentOptions): KeyAgentHandle {
  if (!/^[0-9a-f]{64}$/i.test(options.secretBoxKey)) {
    throw new Error('the KMS secret box key must be 64 hex characters');
  }
  const privateKeys = new PrivateKeyStore(options.dataSource, new SecretBox(options.secretBoxKey));
  const agent = createAgent<IKeyManager & IDIDManager & IResolver & ICredentialPlugin>({
    plugins: [
      new KeyManager({
        store: new KeyStore(options.dataSource),
        kms: {
          local: new NativeP256KeyManagementSystem(privateKeys),
          ...(options.pkcs11 ? { [PKCS11_KMS]: new Pkcs11KeyManagementSystem(options.pkcs11) } : {}),
        },
      }),
      new DIDManager({
        store: new DIDStore(options.dataSource),
        defaultProvider: 'did:jwk',
        providers: {
          'did:jwk': new JwkDIDProvider({ defaultKms: 'local' }),
          'did:key': new KeyDIDProvider({ defaultKms: 'local' }),
          'did:web': new WebDIDProvider({ defaultKms: 'local' }),
        },
      }),
      new DIDResolverPlugin({
        resolver: new Resolver({
          ...getDidJwkResolver(),
          ...getDidKeyResolver(),
          ...getWebDidResolver(options.fetch),
        }),
      }),
      new CredentialPlugin([new CredentialProviderJWT()]),
    ],
  });
  return options.pkcs11
    ? { agent, privateKeys, signingKms: PKCS11_KMS, pkcs11: options.pkcs11 }
    : { agent, privateKeys, signingKms: 'local' };
}

export interface SigningKey {
  /** The KMS key id (kid in Veramo). */
  kmsKid: string;
  alg: 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
}

/**
 * Loads a P-256 key from the KMS (decrypting it once) as node:crypto key objects, so the
 * service can sign with `jose` without going through Veramo on every request.
 */
export async function loadSigningKey(handle: KeyAgentHandle, kmsKid: string): Promise<SigningKey> {
  const key = await handle.agent.keyManagerGet({ kid: kmsKid });
  if (key.type !== 'Secp256r1') throw new Error(`key ${kmsKid} is ${key.type}, expected Secp256r1`);
  const { privateKeyHex } = await handle.privateKeys.getKey({ alias: kmsKid });
  return signingKeyFromPrivateHex(kmsKid, privateKeyHex);
}

export async function signingKeyFromPrivateHex(kmsKid: string, privateKeyHex: string): Promise<SigningKey> {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKeyHex, 'hex'));
  const uncompressed = ecdh.getPublicKey();
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: uncompressed.subarray(1, 33).toString('base64url'),
    y: uncompressed.subarray(33, 65).toString('base64url'),
    d: Buffer.from(privateKeyHex, 'hex').toString('base64url'),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  const publicKey = createPublicKey(privateKey);
  const publicJwk = await exportJWK(publicKey);
  return { kmsKid, alg: 'ES256', privateKey, publicKey, publicJwk };
}
