import type { IKey, ManagedKeyInfo, MinimalImportableKey, TKeyType } from '@veramo/core-types';
import { AbstractKeyManagementSystem } from '@veramo/key-manager';
import type { Pkcs11Token, TokenKey } from './pkcs11-token.js';

/** Veramo's name for keys in the token: `kms` of their rows in the key store. */
export const PKCS11_KMS = 'pkcs11';

/**
 * Veramo's key manager over a PKCS#11 token, so identifiers (did:web) and rotation create their
 * keys inside the token. The Veramo kid is the key's CKA_ID; only its public half is stored in
 * the database. Keys are never imported: a key that was outside a token does not belong in one.
 */
export class Pkcs11KeyManagementSystem extends AbstractKeyManagementSystem {
  constructor(private readonly token: Pkcs11Token) {
    super();
  }

  async createKey(args: { type: TKeyType }): Promise<ManagedKeyInfo> {
    if (args.type !== 'Secp256r1') throw new Error(`a PKCS#11 token here holds P-256 keys, not ${args.type}`);
    return managedKeyInfo(await this.token.generateP256Key());
  }

  async importKey(_args: Exclude<MinimalImportableKey, 'kms'>): Promise<ManagedKeyInfo> {
    throw new Error('keys are generated inside the PKCS#11 token, never imported into it');
  }

  async listKeys(): Promise<ManagedKeyInfo[]> {
    return (await this.token.listKeys()).map(managedKeyInfo);
  }

  async deleteKey(args: { kid: string }): Promise<boolean> {
    await this.token.deleteKey(args.kid);
    return true;
  }

  /** Veramo's own signing (`keyManagerSign`): ES256 as base64url R || S, like its local KMS. */
  async sign(args: { keyRef: Pick<IKey, 'kid'>; algorithm?: string; data: Uint8Array }): Promise<string> {
    if (args.algorithm !== undefined && args.algorithm !== 'ES256') {
      throw new Error(`a PKCS#11 key here signs ES256, not ${args.algorithm}`);
    }
    const signature = await this.token.signer(args.keyRef.kid).sign(args.data);
    return Buffer.from(signature).toString('base64url');
  }

  async sharedSecret(): Promise<string> {
    throw new Error('PKCS#11 keys here only sign');
  }
}

function managedKeyInfo(key: TokenKey): ManagedKeyInfo {
  const { x, y } = key.publicJwk as { x: string; y: string };
  const publicKeyHex = `04${Buffer.from(x, 'base64url').toString('hex')}${Buffer.from(y, 'base64url').toString('hex')}`;
  return { kid: key.id, kms: PKCS11_KMS, type: 'Secp256r1', publicKeyHex, meta: { algorithms: ['ES256'] } };
}
