import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * Passkeys and the holder keys they protect (issue 25, docs/passkeys.md). The server keeps
 * public keys and wrapped blobs only: the PRF output, the account key and private holder keys
 * exist only in the person's browser.
 */

export interface PasskeyRow {
  /** The WebAuthn credential id (base64url). */
  id: string;
  accountId: string;
  /** COSE public key (base64url). */
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  /** The PRF input this passkey is evaluated with (32 random bytes, base64url). */
  prfSalt: string;
  /** The account key wrapped (AES-KW) by the key derived from this passkey's PRF output. */
  wrappedAccountKey: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export const PasskeyEntity = new EntitySchema<PasskeyRow>({
  name: 'WalletPasskey',
  tableName: 'wallet_passkey',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    publicKey: { name: 'public_key', type: 'text' },
    counter: intColumn('counter'),
    transports: jsonColumn('transports'),
    name: textColumn('name'),
    prfSalt: textColumn('prf_salt'),
    wrappedAccountKey: { name: 'wrapped_account_key', type: 'text', nullable: true },
    createdAt: epochColumn('created_at'),
    lastUsedAt: epochColumn('last_used_at', true),
  },
});

export type WebAuthnPurpose = 'registration' | 'unlock';

/** A WebAuthn challenge handed out and not yet used (stored as its SHA-256 hash). */
export interface WebAuthnChallengeRow {
  challengeHash: string;
  accountId: string;
  purpose: WebAuthnPurpose;
  /** Registration: the PRF salt the new passkey will be evaluated with. */
  prfSalt: string | null;
  expiresAt: number;
}

export const WebAuthnChallengeEntity = new EntitySchema<WebAuthnChallengeRow>({
  name: 'WalletWebAuthnChallenge',
  tableName: 'wallet_webauthn_challenge',
  columns: {
    challengeHash: { type: 'varchar', primary: true, name: 'challenge_hash' },
    accountId: textColumn('account_id'),
    purpose: textColumn('purpose'),
    prfSalt: textColumn('prf_salt', true),
    expiresAt: epochColumn('expires_at'),
  },
});

/** A holder key made in the browser, stored wrapped (AES-GCM) by the person's account key. */
export interface WrappedKeyRow {
  id: string;
  accountId: string;
  publicJwk: Record<string, string>;
  wrappedKey: string;
  iv: string;
  createdAt: number;
}

export const WrappedKeyEntity = new EntitySchema<WrappedKeyRow>({
  name: 'WalletWrappedKey',
  tableName: 'wallet_wrapped_key',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    publicJwk: { name: 'public_jwk', type: 'simple-json' },
    wrappedKey: { name: 'wrapped_key', type: 'text' },
    iv: textColumn('iv'),
    createdAt: epochColumn('created_at'),
  },
});

export const passkeyEntities = [PasskeyEntity, WebAuthnChallengeEntity, WrappedKeyEntity];
