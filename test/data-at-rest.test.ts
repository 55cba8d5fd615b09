import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashTransactionData } from '@min-profil/shared/sd-jwt/verify-key-binding-jwt';
import { openDatabase } from '@min-profil/shared/db';
import { createTestDatabase, testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { createVerifierContext } from '../verifier/src/create-verifier-context.js';
import { AddPageSessionAndExpiryIndex1764900000000 } from '../verifier/src/persistence/migrations/1764900000000-add-page-session-and-expiry-index.js';
import { verifierMigrations } from '../verifier/src/persistence/migrations/index.js';
import {
  createMutableTrustList,
  startVerifier,
  testApiKeys,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { createApprovalRequest, readApprovalResult } from './approval-helpers.js';
import { freePort, ServiceProcess } from './faults/service-process.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type VerifierWorld,
} from './verifier-helpers.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file in the data directory with its mode, as `name: 0600`. */
function modes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, mode(join(dir, name)).toString(8)]));
}

/**
 * The services' data directory holds their SQLite databases (with claims, credentials, keys)
 * and secrets files: the directory is 0700 and every file in it 0600, created so and tightened
 * when an older version left them 0755/0644. Each service runs as its own process (`node
 * <service>/dist/main.js`, run `npm run build` first) on the embedded default.
 */
describe('data directory and database file modes', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'min-profil-modes-'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it.each(['verifier', 'issuer', 'wallet', 'eid'] as const)(
    'the %s keeps its data directory 0700 and its files (database, -wal, -shm, secrets) 0600',
    async (name) => {
      const dataDir = join(root, name);
      // As an ordinary umask leaves a directory someone created by hand.
      mkdirSync(dataDir, { mode: 0o755 });
      chmodSync(dataDir, 0o755);
      const port = await freePort();
      const upper = name.toUpperCase();
      const env = {
        DATA_DIR: dataDir,
        ALLOW_INSECURE_URLS: '1',
        LOG_LEVEL: 'warn',
        [`${upper}_PORT`]: String(port),
        [`${upper}_BASE_URL`]: `http://127.0.0.1:${port}`,
      };
      const health = {
        verifier: '/health/live',
        issuer: '/health/live',
        wallet: '/health/live',
        eid: '/health/live',
      }[name];
      const service = new ServiceProcess(name, `http://127.0.0.1:${port}`, env, health);
      try {
        await service.start();
        const database = `${name}.sqlite`;
        const expected = (files: string[]) => Object.fromEntries(files.map((file) => [file, '600']));
        const check = () => {
          expect(mode(dataDir).toString(8)).toBe('700');
          const found = modes(dataDir);
          // The database and its WAL sidecars exist while the service runs.
          expect(Object.keys(found)).toEqual(
            expect.arrayContaining([database, `${database}-wal`, `${database}-shm`]),
          );
          expect(found).toEqual(expected(Object.keys(found)));
        };
        check();

        // An older version left everything world-readable: the next start tightens it.
        await service.stop();
        chmodSync(dataDir, 0o755);
        for (const file of readdirSync(dataDir)) chmodSync(join(dataDir, file), 0o644);
        await service.start();
        check();
      } finally {
        await service.stop();
      }
    },
    60_000,
  );
});

/** The raw row as the database holds it (every column as stored), as one string. */
async function rawRow(verifier: RunningVerifier, table: string, id: string): Promise<string> {
  const row = await verifier.ctx.db.dataSource
    .createQueryBuilder()
    .select('*')
    .from(table, 't')
    .where('t.id = :id', { id })
    .getRawOne<Record<string, unknown>>();
  if (!row) throw new Error(`no ${table} row ${id}`);
  return JSON.stringify(row);
}

/**
 * Every string claim value of at least four characters, to look for in raw rows (not `issuer`
 * and `vct`, which name the credential, not the person, and are in the request's query too).
 */
function claimStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 4 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(claimStrings);
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([key]) => key !== 'issuer' && key !== 'vct')
      .flatMap(([, v]) => claimStrings(v));
  }
  return [];
}

/**
 * What persons disclose to the verifier is sealed at rest: the verified claims, an approval's
 * evidence and document, a standing permission's profile copy and a pending webhook body are
 * not in clear in the SQLite or PostgreSQL tables, while the consumer API answers as before.
 * Rows an older version wrote in clear are still read, and sealed when an instance starts.
 */
describe.each(testDatabaseKinds())('the verifier seals personal data at rest on %s', (kind) => {
  let world: VerifierWorld;
  beforeAll(async () => {
    world = await startVerifierWorld(kind);
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function verifiedPresentation(): Promise<{ id: string; claims: Record<string, any> }> {
    const { issuer, verifier, trustList } = world;
    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: '191212121212',
      configurationId: 'registration_certificate',
    });
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList,
    });
    const presentation = await presentCredential({
      credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [presentation] },
      state: request.state,
    });
    expect(response.status).toBe(200);
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    return { id: created.body.id, claims: result.body.claims };
  }

  it('keeps no claim value of a verified presentation in clear, and the API still returns them', async () => {
    const { id, claims } = await verifiedPresentation();
    const values = claimStrings(claims);
    expect(values).toEqual(expect.arrayContaining(['Tolvan', 'Tolvansson']));
    const raw = await rawRow(world.verifier, 'presentation_request', id);
    // Envelope encryption: each hosted consumer's data key is stored only wrapped by the master key.
    const keys = await world.verifier.ctx.db.dataSource
      .createQueryBuilder()
      .select('k.consumer_id', 'consumerId')
      .addSelect('k.wrapped_key', 'wrapped')
      .from('verifier_data_key', 'k')
      .getRawMany<{ consumerId: string; wrapped: string }>();
    expect(keys.map((k) => k.consumerId).sort()).toEqual(Object.keys(world.verifier.apiKeys).sort());
    for (const key of keys) expect(key.wrapped).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const value of values)
      expect({ value, inRawRow: raw.includes(value) }).toEqual({ value, inRawRow: false });
  });

  it("keeps an approval's evidence and document sealed, and its receipt still checks", async () => {
    const { issuer, verifier, trustList } = world;
    const secret = `Lön 31 000 kr, avtal ${Date.now()}`;
    const approval = await createApprovalRequest(verifier, 'af-praktik', {
      title: 'Praktikavtal R-1',
      template: 'internship_agreement',
      document: { media_type: 'application/json', content: { salary: secret } },
    });
    const address = await obtainCredential(issuer, {
      holder: 'skatteverket',
      pnr: '191212121212',
      configurationId: 'registered_address',
    });
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: approval.body.openid4vp_url,
      trustList,
    });
    const presentation = await presentCredential({
      credential: address.credential,
      holderPrivateKey: address.holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registered_address'),
      transactionDataHashes: (request.transaction_data as string[]).map((transactionData) =>
        hashTransactionData({ transactionData }),
      ),
    });
    expect(
      (
        await postResponse(request.response_uri, {
          vp_token: { registered_address: [presentation] },
          state: request.state,
        })
      ).status,
    ).toBe(200);
    const result = await readApprovalResult(verifier, 'af-praktik', approval.body.id);
    expect(result.body.status).toBe('verified');
    const values = claimStrings(result.body.claims);
    expect(values.length).toBeGreaterThan(0);
    const raw = await rawRow(verifier, 'approval_request', approval.body.id);
    for (const value of [...values, Buffer.from(JSON.stringify({ salary: secret })).toString('base64')]) {
      expect({ value, inRawRow: raw.includes(value) }).toEqual({ value, inRawRow: false });
    }
    // The document is served as it was given, and the receipt checks against the evidence.
    const served = await fetch(approval.body.approval.document_uri);
    expect(((await served.json()) as { salary: string }).salary).toBe(secret);
    const check = await fetch(`${verifier.url}/api/approval-receipts/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt: result.body.approval.receipt }),
    });
    expect(((await check.json()) as { valid: boolean }).valid).toBe(true);
  });

  it('keeps standing-permission profile copies and pending webhook bodies sealed', async () => {
    const { ctx } = world.verifier;
    const now = ctx.now();
    const permissionId = `perm-${Date.now()}`;
    const email = `tolvan.${Date.now()}@example.se`;
    expect(
      await ctx.standingPermissions.insertPermission({
        id: permissionId,
        consumerId: 'insurer',
        holderThumbprint: 'thumb',
        holderJwk: { kty: 'EC' },
        fields: ['email'],
        profile: { email },
        profileVersion: 1,
        lastChangeId: null,
        status: 'active',
        origin: 'wallet',
        presentationRequestId: null,
        callbackUrl: null,
        createdAt: now,
        updatedAt: now,
        withdrawnAt: null,
        // Whose profile it is (issue #20): sealed like the copy.
        subject: {
          given_name: 'Karin',
          number: { claim: 'personal_identity_number', value: '197011082232' },
          issuer: 'https://skatteverket.example',
          vct: 'urn:example:identity',
        },
      }),
    ).toBe(true);
    expect(await rawRow(world.verifier, 'standing_permission', permissionId)).not.toContain(email);
    expect(await rawRow(world.verifier, 'standing_permission', permissionId)).not.toContain('197011082232');
    expect((await ctx.standingPermissions.findPermission(permissionId))!.profile).toEqual({ email });
    expect((await ctx.standingPermissions.findPermission(permissionId))!.subject?.given_name).toBe('Karin');

    const webhookId = await ctx.outbox.insertWebhook(
      {
        consumerId: 'insurer',
        url: 'https://insurer.example/hook',
        urlSource: 'consumer',
        event: 'standing_permission.updated',
        headers: {},
        body: JSON.stringify({ profile: { email } }),
      },
      // Not due for an hour: the worker leaves it pending.
      { now, nowMs: Date.now() + 3_600_000 },
    );
    expect(await rawRow(world.verifier, 'webhook_outbox', webhookId)).not.toContain(email);
    expect((await ctx.outbox.findWebhook(webhookId))!.body).toBe(JSON.stringify({ profile: { email } }));
  });

  it('still reads rows an older version stored in clear, and seals them when an instance starts', async () => {
    const { verifier } = world;
    const { id, claims } = await verifiedPresentation();
    // As the previous version wrote it: the claims as plain JSON (simple-json) text.
    await verifier.ctx.db.dataSource
      .createQueryBuilder()
      .update('presentation_request')
      .set({ claims })
      .where('id = :id', { id })
      .execute();
    expect(await rawRow(verifier, 'presentation_request', id)).toContain('Tolvansson');
    expect((await readPresentationResult(verifier, 'insurer', id)).body.claims).toEqual(claims);

    const next = await startVerifier(kind, {
      trustList: { get: async () => world.trustList },
      sameDeploymentAs: verifier,
    });
    try {
      expect(await rawRow(verifier, 'presentation_request', id)).not.toContain('Tolvansson');
      expect((await readPresentationResult(next, 'insurer', id)).body.claims).toEqual(claims);
      expect((await readPresentationResult(verifier, 'insurer', id)).body.claims).toEqual(claims);
    } finally {
      await next.stop();
    }
  });
});

/**
 * A database the previous version wrote (its migrations only, claims and a profile in clear):
 * the new verifier migrates it, answers from those rows as before, and seals them on start.
 */
describe.each(testDatabaseKinds())('a verifier database from the previous version on %s', (kind) => {
  it('is migrated, its rows in clear still read, and sealed when the verifier starts', async () => {
    const database = createTestDatabase(kind, 'verifier');
    const previous = await openDatabase({
      url: database.url,
      schema: database.schema,
      entities: [],
      // The migrations the previous version shipped.
      migrations: verifierMigrations.slice(
        0,
        verifierMigrations.indexOf(AddPageSessionAndExpiryIndex1764900000000),
      ),
    });
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      registration: [{ given_name: 'Tolvan', family_name: 'Tolvansson', issuer: 'x', vct: 'y' }],
    };
    const profile = { emails: ['tolvan@example.se'] };
    try {
      const insert = (table: string, values: Record<string, unknown>) =>
        previous.dataSource.createQueryBuilder().insert().into(table).values(values).execute();
      await insert('presentation_request', {
        id: 'old-request',
        consumer_id: 'insurer',
        client_id: 'decentralized_identifier:did:web:old',
        nonce: 'old-nonce',
        state: 'old-state',
        dcql_query: JSON.stringify({ credentials: [] }),
        template: null,
        purpose: 'Ersättning vid arbetslöshet',
        response_mode: 'direct_post',
        beyond_registration: '[]',
        status: 'verified',
        created_at: now - 60,
        expires_at: now + 540,
        responded_at: now - 30,
        completed_at: now - 30,
        checks: '[]',
        claims: JSON.stringify(claims),
        claims_expire_at: now + 3000,
      });
      await insert('standing_permission', {
        id: 'old-permission',
        consumer_id: 'insurer',
        holder_thumbprint: 't',
        holder_jwk: '{}',
        fields: '["emails"]',
        profile: JSON.stringify(profile),
        profile_version: 1,
        status: 'active',
        origin: 'wallet',
        created_at: now,
        updated_at: now,
      });
    } finally {
      await previous.close();
    }

    const verifier = await createVerifierContext({
      baseUrl: 'http://127.0.0.1:1',
      databaseUrl: database.url,
      schema: database.schema,
      kmsSecretKey: randomBytes(32).toString('hex'),
      apiKeys: testApiKeys(),
      trustList: createMutableTrustList(),
      settings: { housekeepingIntervalMs: 0, webhookPollMs: 0 },
    });
    try {
      const raw = async (table: string, id: string) =>
        JSON.stringify(
          await verifier.db.dataSource
            .createQueryBuilder()
            .select('*')
            .from(table, 't')
            .where('t.id = :id', { id })
            .getRawOne(),
        );
      expect(await raw('presentation_request', 'old-request')).not.toContain('Tolvansson');
      expect(await raw('standing_permission', 'old-permission')).not.toContain('tolvan@example.se');
      const row = await verifier.store.findRequest('old-request');
      expect(row).toMatchObject({ status: 'verified', claims, pageSession: null });
      expect((await verifier.standingPermissions.findPermission('old-permission'))!.profile).toEqual(profile);
    } finally {
      await verifier.close();
      await database.cleanup();
    }
  });
});
