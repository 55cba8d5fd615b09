import type { ProfileDeliveryRow, StandingPermissionRow } from '../persistence/permission-entities.js';

const iso = (epoch: number | null) => (epoch === null ? null : new Date(epoch * 1000).toISOString());

/** A delivery as the API shows it: outcome and reason codes, never the profile. */
export function describeDelivery(row: ProfileDeliveryRow) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    change_id: row.changeId,
    profile_version: row.profileVersion,
    attempts: row.attempts,
    next_attempt_at: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    last_error: row.lastError,
    created_at: iso(row.createdAt),
    delivered_at: iso(row.deliveredAt),
  };
}

/**
 * A permission for the person's overview: who, which fields, since when, last delivered, and
 * what is still on its way or failed. A rejected delivery older than the last successful one is
 * no longer news and is left out.
 */
export function describePermission(row: StandingPermissionRow, open: ProfileDeliveryRow[]) {
  const mine = open.filter((d) => d.permissionId === row.id);
  const pending = mine.filter((d) => d.status === 'pending');
  const failed = mine.filter(
    (d) => d.status === 'rejected' && (row.lastDeliveredAt === null || d.createdAt >= row.lastDeliveredAt),
  );
  const retrying = pending.filter((d) => d.attempts > 0);
  return {
    id: row.id,
    consumer: { client_id: row.clientId, name: row.consumerName },
    fields: row.fields,
    granted_fields: row.grantedFields,
    status: row.status,
    withdrawn_by: row.withdrawnBy,
    since: iso(row.createdAt),
    withdrawn_at: iso(row.withdrawnAt),
    last_delivered_at: iso(row.lastDeliveredAt),
    last_delivered_version: row.lastDeliveredVersion,
    pending_deliveries: pending.length,
    retrying_deliveries: retrying.map(describeDelivery),
    failed_deliveries: failed.map(describeDelivery),
  };
}
