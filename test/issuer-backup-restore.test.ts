import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { testDatabaseKinds, testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { postgresClientTools } from './system/postgres-client-tools.js';
import { noteUnavailable } from './system/unavailable.js';
import { buildIssuerApp } from '../issuer/src/app.js';
import { createIssuerContext } from '../issuer/src/create-issuer-context.js';
import { demoHolderIds } from '../issuer/src/holders/catalog.js';
import { createStaffKeyRing } from '../issuer/src/staff-keys/staff-key-ring.js';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createHolderKey,
  createProof,
  fetchNonce,
  getJson,
  postJson,
  redeemOffer,
} from '../issuer/test/wallet-client.js';

const run = promisify(execFile);

// The PostgreSQL half restores with pg_dump and psql, as an operator would; where they are absent
// (or older than the server) the run's summary says so instead of skipping silently.
const pgTools = testDatabaseKinds().includes('postgres')
  ? await postgresClientTools(testPostgresUrl)
  : ({ ok: true } as const);
function restoreTest(kind: string) {
  if (kind === 'postgres' && !pgTools.ok) {
    noteUnavailable('issuer backup and restore on postgres', pgTools.why);
    return it.skip;
  }
  return it;
}

/**
 * Backup and restore of an issuer: dump with the database's own tools, wipe, restore,
 * and start the issuer again with the same KMS secret: its keys (kept encrypted in the same
 * database) are back, earlier credentials verify, and no revocation is lost.
 */
describe.each(testDatabaseKinds())('issuer backup and restore on %s', (kind) => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind);
  });
  afterAll(async () => {
    await issuer.stop();
  });

  restoreTest(kind)('restores keys, audit and revocations into a wiped database', async () => {
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'af',
      pnr: '191212121212',
      configurationIds: ['registration_certificate'],
    });
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/af`,
      nonce: await fetchNonce(issuer.baseUrl, 'af'),
    });
    const issued = await postJson(
      `${issuer.baseUrl}/af/credential`,
      { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
      { authorization: `Bearer ${accessToken}` },
    );
    const credential = issued.body.credentials[0].credential as string;
    const { idx } = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString()).status
      .status_list;
    const staff = { authorization: `Bearer ${issuer.apiKey}` };
    const listed = await getJson(`${issuer.baseUrl}/af/admin/credentials`, staff);
    const id = listed.body.credentials.find((c: any) => c.status_list.idx === idx).id;
    await postJson(`${issuer.baseUrl}/af/admin/credentials/${id}/status`, { status: 'revoked' }, staff);

    const dir = mkdtempSync(join(tmpdir(), 'min-profil-issuer-backup-'));
    const { url, schema } = issuer.database;
    try {
      if (kind === 'sqlite') {
        const backup = join(dir, 'issuer.sqlite');
        await issuer.ctx.db.dataSource.query(`VACUUM INTO '${backup}'`);
        await issuer.ctx.close();
        for (const suffix of ['', '-wal', '-shm']) {
          try {
            unlinkSync(`${url}${suffix}`);
          } catch {
            // not every file exists
          }
        }
        copyFileSync(backup, url);
      } else {
        const dump = join(dir, 'issuer.sql');
        await run('pg_dump', ['--dbname', testPostgresUrl, '--schema', schema, '--file', dump]);
        await issuer.ctx.close();
        await run('psql', ['--dbname', testPostgresUrl, '-c', `DROP SCHEMA "${schema}" CASCADE`]);
        await run('psql', ['--dbname', testPostgresUrl, '--set', 'ON_ERROR_STOP=1', '--file', dump]);
      }

      // The restored issuer, behind the same public URL, with the same secrets from config.
      const ctx = await createIssuerContext({
        baseUrl: issuer.baseUrl,
        databaseUrl: url,
        schema,
        kmsSecretKey: issuer.secrets.kms,
        codeSecret: issuer.secrets.code,
        staffKeys: createStaffKeyRing({ everyHolderStaff: issuer.apiKey }, { holderIds: demoHolderIds }),
      });
      const server: Server = createServer(buildIssuerApp(ctx));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const restored = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const jwks = (await getJson(`${restored}/.well-known/jwt-vc-issuer/af`)).body.jwks.keys as JWK[];
        const verified = await verifySdJwtVc({
          compact: credential,
          resolveIssuerKey: async ({ header }) => jwks.find((k) => k.kid === header.kid)!,
        });
        expect(verified.claims.given_name).toBe('Tolvan');
        const listPath = new URL(verified.status!.status_list!.uri).pathname;
        const list = getListFromStatusListJWT(await (await fetch(`${restored}${listPath}`)).text());
        expect(list.getStatus(idx)).toBe(1);
        const audit = await getJson(`${restored}/af/admin/credentials`, staff);
        expect(audit.body.credentials.find((c: any) => c.id === id).status).toBe('revoked');
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await ctx.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
