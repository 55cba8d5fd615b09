import { createECDH } from 'node:crypto';
import type { ManagedKeyInfo, MinimalImportableKey } from '@veramo/core-types';
import type { AbstractPrivateKeyStore } from '@veramo/key-manager';
import { KeyManagementSystem } from '@veramo/kms-local';

/**
 * Veramo's local KMS with its P-256 public keys computed by node:crypto (OpenSSL) instead of
 * its pure-JavaScript curves. The wallet makes a holder key for every credential copy, and that
 * one point multiplication was the wallet's largest crypto cost when receiving (docs/benchmarks.md,
 * "Where the time goes"). The rows are the same as the parent writes (same secret box, same kid,
 * same compressed public key), so keys made by either are read by both; every other key type
 * and operation is the parent's.
 */
export class NativeP256KeyManagementSystem extends KeyManagementSystem {
  constructor(private readonly privateKeyStore: AbstractPrivateKeyStore) {
    super(privateKeyStore);
  }

  override async importKey(args: Omit<MinimalImportableKey, 'kms'>): Promise<ManagedKeyInfo> {
    if (args.type !== 'Secp256r1' || !args.privateKeyHex) return super.importKey(args);
    const privateKeyHex = args.privateKeyHex.toLowerCase();
    const publicKeyHex = compressedP256PublicKeyHex(privateKeyHex);
    // As the parent: without a kid the key is named by its public key.
    const kid = args.kid || publicKeyHex;
    await this.privateKeyStore.importKey({ alias: kid, type: 'Secp256r1', privateKeyHex });
    // The key manager sets `kms` to the name this KMS is registered under.
    return { kid, kms: 'local', type: 'Secp256r1', publicKeyHex, meta: { algorithms: ['ES256'] } };
  }
}

/** A new P-256 private key from OpenSSL, as the 64 hex characters Veramo's stores keep. */
export function newP256PrivateKeyHex(): string {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return ecdh.getPrivateKey('hex').padStart(64, '0');
}

/** The SEC1 compressed public key (33 bytes, hex) of a P-256 private key; throws if out of range. */
export function compressedP256PublicKeyHex(privateKeyHex: string): string {
  if (!/^[0-9a-f]{1,64}$/.test(privateKeyHex))
    throw new Error('a P-256 private key is at most 32 bytes of hex');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKeyHex.padStart(64, '0'), 'hex'));
  return ecdh.getPublicKey('hex', 'compressed');
}
