import type { EntitySchema } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { ApprovalEntity } from '../persistence/approval-entities.js';
import { PresentationRequestEntity } from '../persistence/entities.js';
import { StandingPermissionEntity } from '../persistence/standing-permission-entities.js';
import { WebhookEntity } from '../persistence/webhook-entities.js';
import type { DataSealer } from './data-sealer.js';

/** The sealed columns: entity, property, column, whether it is simple-json (sealed JSON value). */
const sealedColumns: Array<{
  entity: EntitySchema<{ id: string }>;
  property: string;
  column: string;
  json: boolean;
}> = [
  { entity: PresentationRequestEntity, property: 'claims', column: 'claims', json: true },
  { entity: ApprovalEntity, property: 'evidence', column: 'evidence', json: true },
  { entity: ApprovalEntity, property: 'document', column: 'document', json: false },
  { entity: StandingPermissionEntity, property: 'profile', column: 'profile', json: true },
  { entity: WebhookEntity, property: 'body', column: 'body', json: false },
];

const batch = 200;

/**
 * Seals values an older version stored in clear (the stores read both forms, so nothing breaks
 * while this runs). Each UPDATE names the value it replaces, so with two instances starting
 * together a row is sealed once and a value written meanwhile is never overwritten.
 */
export async function sealLegacyRows(db: Database, sealer: DataSealer): Promise<number> {
  let sealed = 0;
  for (const { entity, property, column, json } of sealedColumns) {
    const table = entity.options.tableName!;
    for (;;) {
      const rows = await db.dataSource
        .createQueryBuilder()
        .select('t.id', 'id')
        .addSelect('t.consumer_id', 'consumerId')
        .addSelect(`t.${column}`, 'value')
        .from(table, 't')
        .where(`t.${column} IS NOT NULL AND t.${column} NOT LIKE :marker`, {
          marker: json ? '"v1.%' : 'v1.%',
        })
        .limit(batch)
        .getRawMany<{ id: string; consumerId: string; value: string }>();
      let changed = 0;
      for (const row of rows) {
        const aad = `${table}.${column}:${row.id}`;
        let value: string;
        try {
          value = json
            ? sealer.sealJson(row.consumerId, aad, JSON.parse(row.value))
            : sealer.sealText(row.consumerId, aad, row.value);
        } catch {
          // A consumer this deployment no longer hosts has no data key: its row stays as it is.
          continue;
        }
        const result = await db.dataSource
          .createQueryBuilder()
          .update(entity)
          .set({ [property]: value })
          .where(`id = :id AND ${column} = :old`, { id: row.id, old: row.value })
          .execute();
        changed += result.affected ?? 0;
      }
      sealed += changed;
      // A short batch is the last; a batch another instance sealed first is skipped the next round.
      if (rows.length < batch || changed === 0) break;
    }
  }
  return sealed;
}
