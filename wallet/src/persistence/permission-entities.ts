import { EntitySchema } from 'typeorm';
import { epochColumn, intColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';
import { orderingSeqColumn } from '@min-profil/shared/outbox/ordering-seq';

/**
 * Standing permissions (docs/standing-permissions.md): a consumer receives the person's contact
 * profile now and every later change until withdrawn. Neither table holds claim values: the
 * profile is signed fresh from the profile store at each delivery.
 */
export type PermissionStatus = 'active' | 'withdrawn';
/** Who ended the permission: the person in the wallet, or the consumer (410). */
export type WithdrawnBy = 'person' | 'consumer';

export interface StandingPermissionRow {
  /** The `standing_permission_id` sent to the consumer. */
  id: string;
  accountId: string;
  clientId: string;
  consumerName: Record<string, string> | null;
  updateEndpoint: string;
  nonceEndpoint: string;
  /** Top-level profile claim names the consumer gets. */
  fields: string[];
  /** The fields when granted: the consumer refuses more, so a change may only narrow them. */
  grantedFields: string[];
  status: PermissionStatus;
  createdAt: number;
  withdrawnAt: number | null;
  withdrawnBy: WithdrawnBy | null;
  lastDeliveredAt: number | null;
  lastDeliveredVersion: number | null;
}

export const StandingPermissionEntity = new EntitySchema<StandingPermissionRow>({
  name: 'WalletStandingPermission',
  tableName: 'wallet_standing_permission',
  columns: {
    id: { type: 'varchar', primary: true },
    accountId: textColumn('account_id'),
    clientId: textColumn('client_id'),
    consumerName: jsonColumn('consumer_name', true),
    updateEndpoint: textColumn('update_endpoint'),
    nonceEndpoint: textColumn('nonce_endpoint'),
    fields: jsonColumn('fields'),
    grantedFields: jsonColumn('granted_fields'),
    status: textColumn('status'),
    createdAt: epochColumn('created_at'),
    withdrawnAt: epochColumn('withdrawn_at', true),
    withdrawnBy: textColumn('withdrawn_by', true),
    lastDeliveredAt: epochColumn('last_delivered_at', true),
    lastDeliveredVersion: intColumn('last_delivered_version', true),
  },
});

export type DeliveryKind = 'update' | 'withdrawal';
export type DeliveryStatus = 'pending' | 'delivered' | 'superseded' | 'rejected';

/** A row as written; its `orderingSeq` is assigned on insert. */
export type NewDelivery = Omit<ProfileDeliveryRow, 'orderingSeq'>;

/** One outbox row: an update or a withdrawal to send to one consumer, at least once. */
export interface ProfileDeliveryRow {
  id: string;
  permissionId: string;
  accountId: string;
  kind: DeliveryKind;
  /** The consumer's idempotency key (`change_id` in the SD-JWT). */
  changeId: string;
  profileVersion: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  /** An error code and HTTP status, never personal data. */
  lastError: string | null;
  /** A worker owns the row until then; another worker may take it over after (a crash). */
  leaseUntil: number | null;
  /**
   * The order rows of one permission go out in, one at a time (shared/src/outbox): set at
   * insert (insertDeliveryRows).
   */
  orderingSeq: number;
  createdAt: number;
  deliveredAt: number | null;
}

export const ProfileDeliveryEntity = new EntitySchema<ProfileDeliveryRow>({
  name: 'WalletProfileDelivery',
  tableName: 'wallet_profile_delivery',
  columns: {
    id: { type: 'varchar', primary: true },
    permissionId: textColumn('permission_id'),
    accountId: textColumn('account_id'),
    kind: textColumn('kind'),
    changeId: textColumn('change_id'),
    profileVersion: intColumn('profile_version'),
    status: textColumn('status'),
    attempts: intColumn('attempts'),
    nextAttemptAt: epochColumn('next_attempt_at'),
    lastError: textColumn('last_error', true),
    leaseUntil: epochColumn('lease_until', true),
    orderingSeq: orderingSeqColumn,
    createdAt: epochColumn('created_at'),
    deliveredAt: epochColumn('delivered_at', true),
  },
  indices: [{ name: 'idx_wallet_profile_delivery_ordering', columns: ['permissionId', 'orderingSeq'] }],
});

export const permissionEntities = [StandingPermissionEntity, ProfileDeliveryEntity];
