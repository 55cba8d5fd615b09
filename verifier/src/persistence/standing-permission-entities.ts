import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * Standing permissions (docs/standing-permissions.md): a wallet's permission to keep one
 * consumer's copy of the person's contact profile current. The profile is the consumer's
 * current copy, replaced by each applied update; it is personal data and only read through
 * the consumer API and webhooks, never logged.
 */
export type StandingPermissionStatus = 'active' | 'withdrawn';

export interface StandingPermissionRow {
  /** Chosen by the wallet (random base64url, 128+ bits). */
  id: string;
  consumerId: string;
  /** RFC 7638 thumbprint of the holder key (`cnf.jwk`); every update must be bound to it. */
  holderThumbprint: string;
  holderJwk: Record<string, unknown>;
  /** The claims the permission covers (disclosed at grant); updates may carry fewer, never more. */
  fields: string[];
  /** The consumer's current copy: the claims the last applied update disclosed. */
  profile: Record<string, unknown>;
  profileVersion: number;
  lastChangeId: string | null;
  status: StandingPermissionStatus;
  /** `presentation`: granted in an authorization response; `wallet`: started by the wallet. */
  origin: 'presentation' | 'wallet';
  presentationRequestId: string | null;
  /** Where events go: the request's callback_url, else the consumer's configured URL. */
  callbackUrl: string | null;
  createdAt: number;
  updatedAt: number;
  withdrawnAt: number | null;
  /**
   * Whose profile it is (issue #20): the identity credential presented with it at the grant
   * (`profile_subject`). Null for a permission that cannot say: granted before, or by a request
   * for the profile alone, or started by the wallet ("whose: unknown").
   */
  subject: PermissionSubject | null;
  /** The profile kept current: null for a person's contact profile, else its `vct` (issue 21). */
  profileVct?: string | null;
  /** A company contact profile's `org_number`: every update must name the same company. */
  orgNumber?: string | null;
}

/** The person an identity credential named, as the consumer keeps it with the permission. */
export interface PermissionSubject {
  given_name?: string;
  family_name?: string;
  /** Personal identity, coordination or personal administrative number, by its claim name. */
  number?: { claim: string; value: string };
  issuer: string;
  vct: string;
}

export const StandingPermissionEntity = new EntitySchema<StandingPermissionRow>({
  name: 'StandingPermission',
  tableName: 'standing_permission',
  columns: {
    id: { type: 'varchar', primary: true },
    consumerId: textColumn('consumer_id'),
    holderThumbprint: textColumn('holder_thumbprint'),
    holderJwk: jsonColumn('holder_jwk'),
    fields: jsonColumn('fields'),
    profile: jsonColumn('profile'),
    profileVersion: epochColumn('profile_version'),
    lastChangeId: textColumn('last_change_id', true),
    status: textColumn('status'),
    origin: textColumn('origin'),
    presentationRequestId: textColumn('presentation_request_id', true),
    callbackUrl: textColumn('callback_url', true),
    createdAt: epochColumn('created_at'),
    updatedAt: epochColumn('updated_at'),
    withdrawnAt: epochColumn('withdrawn_at', true),
    // Sealed at rest (a string), like the profile.
    subject: textColumn('subject', true),
    profileVct: textColumn('profile_vct', true),
    orgNumber: textColumn('org_number', true),
  },
  indices: [
    { name: 'idx_standing_permission_consumer', columns: ['consumerId', 'createdAt'] },
    { name: 'idx_standing_permission_presentation', columns: ['presentationRequestId'] },
  ],
});

/** Every applied `change_id` per permission: the consumer's idempotency record. */
export interface StandingPermissionChangeRow {
  permissionId: string;
  changeId: string;
  profileVersion: number;
  appliedAt: number;
}

export const StandingPermissionChangeEntity = new EntitySchema<StandingPermissionChangeRow>({
  name: 'StandingPermissionChange',
  tableName: 'standing_permission_change',
  columns: {
    permissionId: { type: 'varchar', primary: true, name: 'permission_id' },
    changeId: { type: 'varchar', primary: true, name: 'change_id' },
    profileVersion: epochColumn('profile_version'),
    appliedAt: epochColumn('applied_at'),
  },
});

/** `c_nonce` of the nonce endpoint: single use, per consumer, short-lived. */
export interface StandingPermissionNonceRow {
  nonce: string;
  consumerId: string;
  expiresAt: number;
  usedAt: number | null;
}

export const StandingPermissionNonceEntity = new EntitySchema<StandingPermissionNonceRow>({
  name: 'StandingPermissionNonce',
  tableName: 'standing_permission_nonce',
  columns: {
    nonce: { type: 'varchar', primary: true },
    consumerId: textColumn('consumer_id'),
    expiresAt: epochColumn('expires_at'),
    usedAt: epochColumn('used_at', true),
  },
});

export const standingPermissionEntities = [
  StandingPermissionEntity,
  StandingPermissionChangeEntity,
  StandingPermissionNonceEntity,
];
