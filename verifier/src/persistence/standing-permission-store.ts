import {
  IsNull,
  LessThan,
  MoreThan,
  type EntityManager,
  type InsertQueryBuilder,
  type ObjectLiteral,
} from 'typeorm';
import type { QueryResult } from 'typeorm/query-runner/QueryResult.js';
import type { Database } from '@min-profil/shared/db';
import {
  StandingPermissionChangeEntity,
  StandingPermissionEntity,
  StandingPermissionNonceEntity,
  type PermissionSubject,
  type StandingPermissionRow,
} from './standing-permission-entities.js';
import { asPartial } from '@min-profil/shared/entity-columns';
import type { DataSealer } from '../crypto/data-sealer.js';

export type ApplyChangeOutcome = 'applied' | 'duplicate' | 'stale' | 'withdrawn';

/**
 * More work in the transaction of a change, given the permission as the change left it: the
 * webhook row that reports the change is written with it (so it exists exactly when it does).
 */
export type AlsoInTransaction = (manager: EntityManager, row: StandingPermissionRow) => Promise<void>;

/**
 * Data access for standing permissions. Whatever must happen once (a nonce redeemed, a
 * version applied, a withdrawal) is one conditional UPDATE whose affected-row count says who
 * won, so it holds across instances sharing a PostgreSQL database. The consumer's copy of the
 * profile is sealed at rest (data-sealer.ts) and opened here.
 */
export function createStandingPermissionStore(db: Database, sealer: DataSealer) {
  const permissions = () => db.dataSource.getRepository(StandingPermissionEntity);
  const profileAad = (id: string) => `standing_permission.profile:${id}`;
  const seal = (consumerId: string, id: string, profile: Record<string, unknown>) =>
    sealer.sealJson(consumerId, profileAad(id), profile) as unknown as Record<string, unknown>;
  // Whose profile it is (issue #20), sealed the same way under its own AAD.
  const subjectAad = (id: string) => `standing_permission.subject:${id}`;
  const sealSubject = (row: StandingPermissionRow) =>
    (row.subject === null
      ? null
      : sealer.sealJson(
          row.consumerId,
          subjectAad(row.id),
          row.subject,
        )) as unknown as PermissionSubject | null;
  const open = (row: StandingPermissionRow | null): StandingPermissionRow | null =>
    row && {
      ...row,
      profile: sealer.openJson<Record<string, unknown>>(row.consumerId, profileAad(row.id), row.profile),
      subject:
        row.subject === null || row.subject === undefined
          ? null
          : sealer.openJson<PermissionSubject>(row.consumerId, subjectAad(row.id), row.subject),
    };
  const nonces = () => db.dataSource.getRepository(StandingPermissionNonceEntity);

  return {
    async insertNonce(row: { nonce: string; consumerId: string; expiresAt: number }): Promise<void> {
      await nonces().insert({ ...row, usedAt: null });
    },

    /** True when this call redeemed the nonce: issued to this consumer, unused, unexpired. */
    async consumeNonce(nonce: string, consumerId: string, now: number): Promise<boolean> {
      const result = await db.dataSource
        .createQueryBuilder()
        .update(StandingPermissionNonceEntity)
        .set({ usedAt: now })
        .where({ nonce, consumerId, usedAt: IsNull(), expiresAt: MoreThan(now) })
        .execute();
      return result.affected === 1;
    },

    /**
     * Forgets change ids applied before `before`. A late duplicate of such a change is then
     * answered by the version check instead (`stale`: its version is not newer), which the
     * wallet also counts as delivered.
     */
    async purgeAppliedChanges(before: number): Promise<number> {
      const result = await db.dataSource
        .getRepository(StandingPermissionChangeEntity)
        .delete({ appliedAt: LessThan(before) });
      return result.affected ?? 0;
    },

    async purgeExpiredNonces(now: number): Promise<number> {
      const result = await nonces().delete({ expiresAt: LessThan(now) });
      return result.affected ?? 0;
    },

    /** False when a permission with this id exists already (a concurrent first update won). */
    async insertPermission(
      row: StandingPermissionRow,
      changeId?: string,
      also?: AlsoInTransaction,
    ): Promise<boolean> {
      try {
        await db.transaction(async (manager) => {
          const repository = manager.getRepository(StandingPermissionEntity);
          await repository.insert(
            asPartial({
              ...row,
              profile: seal(row.consumerId, row.id, row.profile),
              subject: sealSubject(row),
            }),
          );
          if (changeId !== undefined) {
            await manager.getRepository(StandingPermissionChangeEntity).insert({
              permissionId: row.id,
              changeId,
              profileVersion: row.profileVersion,
              appliedAt: row.createdAt,
            });
          }
          if (also) await also(manager, open(await repository.findOneBy({ id: row.id }))!);
        });
        return true;
      } catch (err) {
        if (await permissions().existsBy({ id: row.id })) return false;
        throw err;
      }
    },

    async findPermission(id: string): Promise<StandingPermissionRow | null> {
      return open(await permissions().findOneBy({ id }));
    },

    async findPermissionByPresentation(
      requestId: string,
      manager?: EntityManager,
    ): Promise<StandingPermissionRow | null> {
      return open(
        await (manager ?? db.dataSource.manager)
          .getRepository(StandingPermissionEntity)
          .findOneBy({ presentationRequestId: requestId }),
      );
    },

    /**
     * A consumer's permissions, newest first (created time, then id, so the order is total),
     * `after` the given one: keyset pagination stays stable while permissions are added.
     */
    async listPermissions(
      consumerId: string,
      options: { limit: number; after?: Pick<StandingPermissionRow, 'id' | 'createdAt'> },
    ): Promise<StandingPermissionRow[]> {
      const { after } = options;
      const rows = await permissions().find({
        where: after
          ? [
              { consumerId, createdAt: LessThan(after.createdAt) },
              { consumerId, createdAt: after.createdAt, id: LessThan(after.id) },
            ]
          : { consumerId },
        order: { createdAt: 'DESC', id: 'DESC' },
        take: options.limit,
      });
      return rows.map((row) => open(row)!);
    },

    /**
     * Applies a change once. The change row goes in first (INSERT … ON CONFLICT DO NOTHING, so
     * a PostgreSQL transaction is not aborted by a key violation): a known change_id is a
     * duplicate whatever its version. Then the version UPDATE runs only while the permission is
     * active and the stored version is older; if it changes nothing, the transaction is rolled
     * back (so the change_id stays unseen) and the answer is stale or withdrawn. Of two
     * instances applying the same change, the second waits on the first's key and finds it.
     */
    async applyChange(
      change: {
        id: string;
        changeId: string;
        profileVersion: number;
        profile: Record<string, unknown>;
        now: number;
      },
      also?: AlsoInTransaction,
    ): Promise<ApplyChangeOutcome> {
      // The profile is sealed with the consumer's key; a permission never changes consumer, so
      // it is read before the transaction (which writes first, see below).
      const owner = await permissions().findOne({
        select: { id: true, consumerId: true },
        where: { id: change.id },
      });
      if (!owner) return 'stale';
      try {
        return await db.transaction(async (manager) => {
          // Write first: a SQLite transaction that read before writing fails at once with
          // SQLITE_BUSY when another connection writes, instead of waiting its turn.
          const insert = manager
            .createQueryBuilder()
            .insert()
            .into(StandingPermissionChangeEntity)
            .values({
              permissionId: change.id,
              changeId: change.changeId,
              profileVersion: change.profileVersion,
              appliedAt: change.now,
            })
            .orIgnore();
          if ((await affectedRows(manager, insert)) === 0) return 'duplicate';
          const result = await manager
            .createQueryBuilder()
            .update(StandingPermissionEntity)
            .set(
              asPartial({
                profile: seal(owner.consumerId, change.id, change.profile),
                profileVersion: change.profileVersion,
                lastChangeId: change.changeId,
                updatedAt: change.now,
              }),
            )
            .where({ id: change.id, status: 'active', profileVersion: LessThan(change.profileVersion) })
            .execute();
          if (result.affected !== 1) throw notApplied;
          if (also) {
            const applied = await manager
              .getRepository(StandingPermissionEntity)
              .findOneBy({ id: change.id });
            await also(manager, open(applied)!);
          }
          return 'applied';
        });
      } catch (err) {
        if (err !== notApplied) throw err;
      }
      const current = await permissions().findOneBy({ id: change.id });
      return current?.status === 'withdrawn' ? 'withdrawn' : 'stale';
    },

    /**
     * Ends the permission and drops the consumer's copy of the profile (docs/standing-permissions.md
     * "Withdrawing"). Returns the row as it was just before the copy was dropped (status
     * withdrawn, last profile) when this call ended it, for the withdrawal webhook; null when
     * it was not active (already withdrawn: the wallet's retry).
     */
    async withdrawPermission(
      id: string,
      now: number,
      also?: AlsoInTransaction,
    ): Promise<StandingPermissionRow | null> {
      return db.transaction(async (manager) => {
        // Write first (see applyChange); the row lock then keeps the copy from changing under us.
        const result = await manager
          .createQueryBuilder()
          .update(StandingPermissionEntity)
          .set({ status: 'withdrawn', withdrawnAt: now, updatedAt: now })
          .where({ id, status: 'active' })
          .execute();
        if (result.affected !== 1) return null;
        const repository = manager.getRepository(StandingPermissionEntity);
        const last = open(await repository.findOneBy({ id }));
        await manager
          .createQueryBuilder()
          .update(StandingPermissionEntity)
          .set(asPartial({ profile: {}, subject: null }))
          .where({ id })
          .execute();
        if (last && also) await also(manager, last);
        return last;
      });
    },
  };
}

export type StandingPermissionStore = ReturnType<typeof createStandingPermissionStore>;

/** Thrown inside applyChange's transaction to roll back the change row of a change not applied. */
const notApplied = new Error('standing permission change not applied');

/**
 * Rows an INSERT wrote. TypeORM's InsertResult has no count, so the built statement runs on
 * the transaction's runner with a structured result (SQLite `changes`, PostgreSQL `rowCount`).
 */
async function affectedRows(
  manager: EntityManager,
  insert: InsertQueryBuilder<ObjectLiteral>,
): Promise<number> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('affectedRows runs inside a transaction');
  const [sql, parameters] = insert.getQueryAndParameters();
  const result = (await runner.query(sql, parameters, true)) as QueryResult;
  return result.affected ?? 0;
}
