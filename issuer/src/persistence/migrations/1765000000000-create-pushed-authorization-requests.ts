import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
// Dialect-neutral column helpers: the same migration runs on SQLite and PostgreSQL.
import { varchar as text, text as json, epoch, varcharKey as key } from '@min-profil/shared/db-columns';

/** Pushed authorization requests (RFC 9126) and the consent step before eID sign-in. */
export class CreatePushedAuthorizationRequests1765000000000 implements MigrationInterface {
  name = 'CreatePushedAuthorizationRequests1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'pushed_authorization_request',
        columns: [
          key('id'),
          text('holder_id'),
          { ...text('request_uri_hash'), isUnique: true },
          text('client_id'),
          text('redirect_uri'),
          text('code_challenge'),
          json('configuration_ids'),
          text('scope', true),
          json('authorization_details', true),
          text('state', true),
          text('ui_locales', true),
          epoch('created_at'),
          epoch('expires_at'),
          epoch('opened_at', true),
          { ...text('consent_token_hash', true), isUnique: true },
          epoch('decided_at', true),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('pushed_authorization_request');
  }
}
