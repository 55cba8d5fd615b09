import { errors, type Adapter, type AdapterFactory, type AdapterPayload } from 'oidc-provider';
import { IsNull, LessThanOrEqual, type Repository } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { OidcPayloadEntity, toEpochSeconds, type OidcPayloadRow } from './entities.js';

/**
 * oidc-provider's storage adapter on TypeORM (the interface of
 * node-oidc-provider/example/my_adapter.js): one row per model and id in `eid_oidc_payload`.
 * Expired rows are never returned; `removeExpiredOidcPayloads` deletes them.
 */
export function createOidcPayloadAdapterFactory(database: Database): AdapterFactory {
  const repository = database.dataSource.getRepository(OidcPayloadEntity);
  return (model: string) => new OidcPayloadAdapter(model, repository);
}

const epochNow = (): number => Math.floor(Date.now() / 1000);

class OidcPayloadAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly repository: Repository<OidcPayloadRow>,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const consumed = typeof payload.consumed === 'number' ? payload.consumed : null;
    await this.repository.upsert(
      {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expiresAt: typeof expiresIn === 'number' ? epochNow() + expiresIn : null,
        consumedAt: consumed,
      },
      ['model', 'id'],
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.read(await this.repository.findOneBy({ model: this.model, id }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.read(await this.repository.findOneBy({ model: this.model, uid }));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.read(await this.repository.findOneBy({ model: this.model, userCode }));
  }

  /**
   * Marks a single-use artifact (authorization code, refresh token, …) consumed. The update
   * is conditional, so of two concurrent token requests with one code only one succeeds,
   * whichever instance serves them; the other gets invalid_grant and the grant is revoked
   * (RFC 6749 §4.1.2: a code used twice revokes the tokens issued for it).
   */
  async consume(id: string): Promise<void> {
    const result = await this.repository.update(
      { model: this.model, id, consumedAt: IsNull() },
      { consumedAt: epochNow() },
    );
    if (result.affected === 0) {
      const row = await this.repository.findOneBy({ model: this.model, id });
      if (row?.grantId) await this.revokeByGrantId(row.grantId);
      throw new errors.InvalidGrant('grant already consumed');
    }
  }

  async destroy(id: string): Promise<void> {
    await this.repository.delete({ model: this.model, id });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.repository.delete({ model: this.model, grantId });
  }

  private read(row: OidcPayloadRow | null): AdapterPayload | undefined {
    if (!row) return undefined;
    const expiresAt = toEpochSeconds(row.expiresAt);
    if (expiresAt !== undefined && expiresAt <= epochNow()) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    const consumedAt = toEpochSeconds(row.consumedAt);
    return consumedAt === undefined ? payload : { ...payload, consumed: consumedAt };
  }
}

/** Deletes every expired artifact; returns how many. Call it now and then (main does). */
export async function removeExpiredOidcPayloads(database: Database): Promise<number> {
  const result = await database.dataSource
    .getRepository(OidcPayloadEntity)
    .delete({ expiresAt: LessThanOrEqual(epochNow()) });
  return result.affected ?? 0;
}
