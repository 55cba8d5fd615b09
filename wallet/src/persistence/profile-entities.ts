import { EntitySchema } from 'typeorm';
import type { JWK } from 'jose';
import { epochColumn, intColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * The contact profile (docs/standing-permissions.md) and what verifies its channels. The profile's
 * content is sealed with the person's data key; one-time codes are kept only as keyed hashes.
 */

/** One person's contact profile: the current version, sealed, and the profile's holder key. */
export interface ProfileRow {
  accountId: string;
  /** +1 on every change; 0 while nothing has been saved. */
  profileVersion: number;
  /** The `StoredProfile` as JSON, AES-256-GCM with the data key (AAD `profile:<account>`). */
  sealed: string;
  /** KMS key id of the holder key that signs (and is bound to) the profile credential. */
  holderKmsKid: string | null;
  updatedAt: number;
}

export const ProfileEntity = new EntitySchema<ProfileRow>({
  name: 'WalletProfile',
  tableName: 'wallet_profile',
  columns: {
    accountId: { type: 'varchar', primary: true, name: 'account_id' },
    profileVersion: intColumn('profile_version'),
    sealed: { name: 'sealed', type: 'text' },
    holderKmsKid: textColumn('holder_kms_kid', true),
    updatedAt: epochColumn('updated_at'),
  },
});

export type CodeChannel = 'email' | 'phone';

/** A one-time code sent to an e-mail address or phone number of the profile. */
export interface ProfileCodeRow {
  id: string;
  accountId: string;
  channel: CodeChannel;
  /** The profile entry (`emails[].id` / `phones[].id`) the code is for. */
  itemId: string;
  /** Keyed hash of the address or number the code went to: a changed value does not verify. */
  valueHash: string;
  codeHash: string;
  attempts: number;
  createdAt: number;
  expiresAt: number;
  /** Set when the code was entered correctly, or when it was used up by wrong tries. */
  closedAt: number | null;
}

export const ProfileCodeEntity = new EntitySchema<ProfileCodeRow>({
  name: 'WalletProfileCode',
  tableName: 'wallet_profile_code',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    channel: textColumn('channel'),
    itemId: textColumn('item_id'),
    valueHash: textColumn('value_hash'),
    codeHash: textColumn('code_hash'),
    attempts: intColumn('attempts'),
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
    closedAt: epochColumn('closed_at', true),
  },
});

/** The wallet provider's own signing keys (channel verification proofs), all published. */
export interface ProviderKeyRow {
  /** JWK thumbprint (RFC 7638), the `kid`. */
  kid: string;
  kmsKid: string;
  /** Public members only. */
  publicJwk: JWK;
  createdAt: number;
}

export const ProviderKeyEntity = new EntitySchema<ProviderKeyRow>({
  name: 'WalletProviderKey',
  tableName: 'wallet_provider_key',
  columns: {
    kid: { type: 'varchar', primary: true },
    kmsKid: textColumn('kms_kid'),
    publicJwk: jsonColumn('public_jwk'),
    createdAt: epochColumn('created_at'),
  },
});

/**
 * A message the demo gateway "sent": the demo outbox stands in for the mail and SMS servers,
 * so it holds what a real gateway would hand over (recipient and text). Demo and tests only.
 */
export interface DemoMessageRow {
  id: string;
  /** Whose message: the demo outbox shows each person only their own (null: older rows). */
  accountId: string | null;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  text: string;
  createdAt: number;
}

export const DemoMessageEntity = new EntitySchema<DemoMessageRow>({
  name: 'WalletDemoMessage',
  tableName: 'wallet_demo_message',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id', true),
    channel: textColumn('channel'),
    recipient: textColumn('recipient'),
    subject: textColumn('subject', true),
    text: { name: 'text', type: 'text' },
    createdAt: epochColumn('created_at'),
  },
});

export const profileEntities = [ProfileEntity, ProfileCodeEntity, ProviderKeyEntity, DemoMessageEntity];
