import { EntitySchema } from 'typeorm';

/**
 * The eID provider's tables. `eid_oidc_payload` holds every stateful artifact of
 * oidc-provider (sessions, interactions, grants, authorization codes, access tokens, …),
 * one row per model and id, so several instances behind a load balancer share them.
 * `eid_provider_secret` keeps the signing keys and cookie keys generated on first start.
 * Times are epoch seconds, as oidc-provider counts them.
 */
export interface OidcPayloadRow {
  model: string;
  id: string;
  /** The payload as JSON. */
  payload: string;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  expiresAt: number | string | null;
  consumedAt: number | string | null;
}

export interface ProviderSecretRow {
  name: string;
  value: string;
  createdAt: number | string;
}

export const OidcPayloadEntity = new EntitySchema<OidcPayloadRow>({
  name: 'EidOidcPayload',
  tableName: 'eid_oidc_payload',
  columns: {
    model: { type: 'varchar', length: 64, primary: true },
    id: { type: 'varchar', length: 255, primary: true },
    payload: { type: 'text' },
    grantId: { name: 'grant_id', type: 'varchar', length: 255, nullable: true },
    userCode: { name: 'user_code', type: 'varchar', length: 255, nullable: true },
    uid: { type: 'varchar', length: 255, nullable: true },
    expiresAt: { name: 'expires_at', type: 'bigint', nullable: true },
    consumedAt: { name: 'consumed_at', type: 'bigint', nullable: true },
  },
});

export const ProviderSecretEntity = new EntitySchema<ProviderSecretRow>({
  name: 'EidProviderSecret',
  tableName: 'eid_provider_secret',
  columns: {
    name: { type: 'varchar', length: 64, primary: true },
    value: { type: 'text' },
    createdAt: { name: 'created_at', type: 'bigint' },
  },
});

/** bigint columns come back as strings from PostgreSQL and as numbers from SQLite. */
export function toEpochSeconds(value: number | string | null): number | undefined {
  return value === null ? undefined : Number(value);
}
