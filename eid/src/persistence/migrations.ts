import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Creates the eID provider's two tables (see entities.ts). Works on SQLite and PostgreSQL. */
export class CreateEidTables1767225600000 implements MigrationInterface {
  name = 'CreateEidTables1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'eid_oidc_payload',
        columns: [
          { name: 'model', type: 'varchar', length: '64', isPrimary: true },
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'payload', type: 'text' },
          { name: 'grant_id', type: 'varchar', length: '255', isNullable: true },
          { name: 'user_code', type: 'varchar', length: '255', isNullable: true },
          { name: 'uid', type: 'varchar', length: '255', isNullable: true },
          { name: 'expires_at', type: 'bigint', isNullable: true },
          { name: 'consumed_at', type: 'bigint', isNullable: true },
        ],
        // Declared with the table: TypeORM's createIndices runs in parallel, which races on SQLite.
        indices: [
          new TableIndex({ name: 'idx_eid_oidc_payload_grant', columnNames: ['model', 'grant_id'] }),
          new TableIndex({ name: 'idx_eid_oidc_payload_uid', columnNames: ['model', 'uid'] }),
          new TableIndex({ name: 'idx_eid_oidc_payload_user_code', columnNames: ['model', 'user_code'] }),
          new TableIndex({ name: 'idx_eid_oidc_payload_expires', columnNames: ['expires_at'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'eid_provider_secret',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('eid_provider_secret', true);
    await queryRunner.dropTable('eid_oidc_payload', true);
  }
}
