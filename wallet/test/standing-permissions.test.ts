import { createServer, type Server } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DatabaseKind } from '@min-profil/shared/db';
import {
  createTestDatabase,
  testDatabaseKinds,
  type TestDatabase,
} from '@min-profil/shared/testing/test-database';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { buildWalletApp } from '../src/app.js';
import type { WalletContext } from '../src/context.js';
import { createWalletContext } from '../src/create-wallet-context.js';
import { newUpdateRow } from '../src/standing-permissions/enqueue-profile-deliveries.js';
import { settleDelivery } from '../src/standing-permissions/settle-delivery.js';
import { openDirectSession } from './direct-session.js';
import { createTestIdentityIssuer } from './identity-credential.js';
import { startStandingConsumer, type StandingConsumer } from './standing-consumer.js';
import { api, type WalletSession } from './wallet-api.js';

const address = {
  street_address: 'Storgatan 12',
  postal_code: '111 22',
  locality: 'Stockholm',
  country: 'SE',
};
const profileBody = (overrides: Record<string, unknown> = {}) => ({
  address,
  emails: [{ address: 'tolvan@example.se' }],
  phones: [{ number: '+46701234567' }],
  preferred_language: 'sv',
  contact_preferences: { default: ['digital_mailbox', 'email'] },
  ...overrides,
});

/** Short intervals: the worker polls often and retries after one or two seconds. */
const settings = {
  deliveryPollSeconds: 0.2,
  deliveryRetryBaseSeconds: 1,
  deliveryRetryCapSeconds: 2,
  deliveryLeaseSeconds: 30,
};

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 60_000,
) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Wallet {
  ctx: WalletContext;
  baseUrl: string;
  close(): Promise<void>;
}

/** A wallet app on 127.0.0.1 over a given database and keys, so a second one can take over. */
async function openWallet(
  database: TestDatabase,
  keys: { master: string; kms: string },
  trustList: () => TrustList,
) {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx = await createWalletContext({
    baseUrl,
    databaseUrl: database.url,
    schema: database.schema,
    kmsSecretKey: keys.kms,
    masterKey: keys.master,
    trustList: { get: async () => trustList() },
    allowInsecureUrls: true,
    demoOutbox: true,
    settings,
  });
  server.on('request', buildWalletApp(ctx));
  return {
    ctx,
    baseUrl,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.close();
    },
  } satisfies Wallet;
}

describe.each(testDatabaseKinds())('standing permissions on %s', (kind: DatabaseKind) => {
  const keys = { master: randomBytes(32).toString('hex'), kms: randomBytes(32).toString('hex') };
  let database: TestDatabase;
  let wallet: Wallet;
  let school: StandingConsumer;
  let tax: StandingConsumer;
  let identity: Awaited<ReturnType<typeof createTestIdentityIssuer>>;
  const trustList = (): TrustList => ({
    version: 1,
    operator: 'test',
    issued_at: '2026-11-29T00:00:00Z',
    issuers: [identity.entry],
    // `tax` is registered for the address and language only.
    consumers: [school.trustListEntry(), tax.trustListEntry()],
  });

  beforeAll(async () => {
    identity = await createTestIdentityIssuer();
    school = await startStandingConsumer('school');
    tax = await startStandingConsumer('tax', ['address', 'preferred_language']);
    database = createTestDatabase(kind, 'standing');
    wallet = await openWallet(database, keys, trustList);
  });
  afterAll(async () => {
    await wallet?.close();
    await school?.stop().catch(() => undefined);
    await tax?.stop().catch(() => undefined);
    await database?.cleanup();
  });

  async function person(overrides: Record<string, unknown> = {}, options: { identity?: boolean } = {}) {
    const session = await openDirectSession(wallet.ctx, `test-${randomUUID()}`);
    const saved = await api(wallet.baseUrl, session, 'PUT', '/api/profile', profileBody(overrides));
    expect(saved.status).toBe(200);
    // Sharing without a request needs an identity credential (contract version 2).
    if (options.identity !== false) await identity.plant(wallet.ctx, session.accountId);
    return session;
  }

  async function share(session: WalletSession, consumers: string[], fields: string[]) {
    const shared = await api(wallet.baseUrl, session, 'POST', '/api/standing-permissions', {
      consumers,
      fields,
    });
    expect(shared.status).toBe(201);
    return shared.body.permissions as Array<{
      id: string;
      consumer: { client_id: string };
      fields: string[];
    }>;
  }

  const permissionOf = async (session: WalletSession, id: string) =>
    (await api(wallet.baseUrl, session, 'GET', '/api/standing-permissions')).body.permissions.find(
      (p: { id: string }) => p.id === id,
    );
  const updatesFor = (consumer: StandingConsumer, id: string) =>
    consumer.received.filter((r) => r.permissionId === id && r.kind === 'update');

  it('lists the consumers that take standing permissions, with the fields each is registered for', async () => {
    const session = await person();
    const listed = await api(wallet.baseUrl, session, 'GET', '/api/standing-permissions/consumers');
    expect(listed.status).toBe(200);
    expect(listed.body.consumers).toEqual([
      expect.objectContaining({
        id: 'school',
        client_id: school.clientId,
        fields: ['address', 'emails', 'phones', 'preferred_language', 'contact_preferences'],
      }),
      expect.objectContaining({
        id: 'tax',
        client_id: tax.clientId,
        fields: ['address', 'preferred_language'],
      }),
    ]);
    const openapi = await api(wallet.baseUrl, undefined, 'GET', '/api/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/standing-permissions',
        '/api/standing-permissions/consumers',
        '/api/standing-permissions/{id}',
        '/api/standing-permissions/{id}/withdraw',
        '/api/standing-permissions/{id}/deliveries',
      ]),
    );
    const anonymous = await api(wallet.baseUrl, undefined, 'GET', '/api/standing-permissions');
    expect(anonymous.status).toBe(401);
    const noCsrf = await api(
      wallet.baseUrl,
      { headers: { cookie: (session as any).cookie } },
      'POST',
      '/api/standing-permissions',
      { consumers: ['school'], fields: ['address'] },
    );
    expect(noCsrf.status).toBe(403);
  });

  it('delivers the profile to each consumer chosen, then every change to all active permissions', async () => {
    const session = await person();
    const [toSchool, toTax] = await share(
      session,
      ['school', 'tax'],
      ['address', 'emails', 'preferred_language'],
    );
    // Fields are limited to what each consumer is registered for.
    expect(toSchool!.fields).toEqual(['address', 'emails', 'preferred_language']);
    expect(toTax!.fields).toEqual(['address', 'preferred_language']);
    expect(toSchool!.id).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await waitFor(
      'first deliveries',
      () => school.permissions.get(toSchool!.id) && tax.permissions.get(toTax!.id),
    );
    expect(school.permissions.get(toSchool!.id)!.profile).toMatchObject({
      address: { ...address, source: 'self' },
      emails: [{ address: 'tolvan@example.se', verified: false }],
      preferred_language: 'sv',
    });
    expect(tax.permissions.get(toTax!.id)!.fields).toEqual(['address', 'preferred_language']);

    const changed = await api(
      wallet.baseUrl,
      session,
      'PUT',
      '/api/profile',
      profileBody({ preferred_language: 'en' }),
    );
    await waitFor(
      'the change at both',
      () =>
        school.permissions.get(toSchool!.id)!.appliedVersion === changed.body.profile_version &&
        tax.permissions.get(toTax!.id)!.appliedVersion === changed.body.profile_version,
    );
    expect(tax.permissions.get(toTax!.id)!.profile.preferred_language).toBe('en');
    await waitFor('last delivered in the list', async () => {
      const listed = await permissionOf(session, toSchool!.id);
      return (
        listed.last_delivered_version === changed.body.profile_version && listed.pending_deliveries === 0
      );
    });
    const deliveries = await api(
      wallet.baseUrl,
      session,
      'GET',
      `/api/standing-permissions/${toSchool!.id}/deliveries`,
    );
    expect(deliveries.body.deliveries.map((d: any) => [d.kind, d.status, d.profile_version])).toEqual([
      ['update', 'delivered', changed.body.profile_version],
      ['update', 'delivered', changed.body.profile_version - 1],
    ]);
  });

  it('shares without a request only with an identity credential, sent with the first delivery alone', async () => {
    const without = await person({}, { identity: false });
    const refused = await api(wallet.baseUrl, without, 'POST', '/api/standing-permissions', {
      consumers: ['school'],
      fields: ['address'],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('identity_credential_required');
    expect(refused.body.error_description).toContain('identity credential');
    // Nothing was made.
    expect((await api(wallet.baseUrl, without, 'GET', '/api/standing-permissions')).body.permissions).toEqual(
      [],
    );

    await identity.plant(wallet.ctx, without.accountId);
    const [permission] = await share(without, ['school'], ['address']);
    await waitFor('the first delivery', () => school.permissions.get(permission!.id));
    const changed = await api(
      wallet.baseUrl,
      without,
      'PUT',
      '/api/profile',
      profileBody({ address: { ...address, street_address: 'Storgatan 14' } }),
    );
    await waitFor(
      'the change',
      () => school.permissions.get(permission!.id)!.appliedVersion === changed.body.profile_version,
    );
    expect(updatesFor(school, permission!.id).map((u) => u.identity)).toEqual([true, false]);
  });

  it('stops at once on withdrawal, tells the consumer with a holder-signed withdrawal and sends it nothing more', async () => {
    const session = await person();
    const [toSchool, toTax] = await share(session, ['school', 'tax'], ['address', 'preferred_language']);
    await waitFor(
      'first deliveries',
      () => school.permissions.get(toSchool!.id) && tax.permissions.get(toTax!.id),
    );

    const withdrawn = await api(
      wallet.baseUrl,
      session,
      'POST',
      `/api/standing-permissions/${toSchool!.id}/withdraw`,
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawn_by: 'person' });
    await waitFor(
      'the withdrawal at the consumer',
      () => school.permissions.get(toSchool!.id)!.status === 'withdrawn',
    );
    expect(school.received.filter((r) => r.permissionId === toSchool!.id).map((r) => r.kind)).toEqual([
      'update',
      'withdrawal',
    ]);

    const changed = await api(
      wallet.baseUrl,
      session,
      'PUT',
      '/api/profile',
      profileBody({ preferred_language: 'en' }),
    );
    await waitFor(
      'the change at the other consumer',
      () => tax.permissions.get(toTax!.id)!.appliedVersion === changed.body.profile_version,
    );
    await wallet.ctx.deliveries.runOnce();
    expect(updatesFor(school, toSchool!.id)).toHaveLength(1);
    // Withdrawing again changes nothing; a withdrawn permission cannot be changed.
    const again = await api(
      wallet.baseUrl,
      session,
      'POST',
      `/api/standing-permissions/${toSchool!.id}/withdraw`,
    );
    expect(again.body.status).toBe('withdrawn');
    const patch = await api(wallet.baseUrl, session, 'PATCH', `/api/standing-permissions/${toSchool!.id}`, {
      fields: ['address'],
    });
    expect(patch.status).toBe(409);
    const kinds = (
      await api(wallet.baseUrl, session, 'GET', `/api/standing-permissions/${toSchool!.id}/deliveries`)
    ).body.deliveries.map((d: any) => `${d.kind} ${d.status}`);
    // Both may be queued within one second (times are whole seconds): compare as a set.
    expect(kinds.sort()).toEqual(['update delivered', 'withdrawal delivered']);
  });

  it('retries with backoff while the consumer is down and delivers when it is back', async () => {
    const session = await person();
    const [toTax] = await share(session, ['tax'], ['address']);
    await waitFor('first delivery', () => tax.permissions.get(toTax!.id));

    await tax.stop();
    const changed = await api(
      wallet.baseUrl,
      session,
      'PUT',
      '/api/profile',
      profileBody({
        address: { ...address, street_address: 'Nygatan 1' },
      }),
    );
    const retrying = await waitFor('two failed attempts', async () => {
      const listed = await permissionOf(session, toTax!.id);
      return listed.retrying_deliveries[0]?.attempts >= 2 && listed;
    });
    expect(retrying.pending_deliveries).toBe(1);
    expect(retrying.retrying_deliveries[0].last_error).toMatch(/^no answer/);
    expect(Date.parse(retrying.retrying_deliveries[0].next_attempt_at)).toBeGreaterThan(Date.now() - 1000);

    await tax.restart();
    await waitFor(
      'the change after the consumer came back',
      () => tax.permissions.get(toTax!.id)!.appliedVersion === changed.body.profile_version,
    );
    expect((tax.permissions.get(toTax!.id)!.profile.address as any).street_address).toBe('Nygatan 1');
  });

  it('resumes pending deliveries after the wallet restarts on the same database', async () => {
    const session = await person();
    const [toTax] = await share(session, ['tax'], ['address', 'preferred_language']);
    await waitFor('first delivery', () => tax.permissions.get(toTax!.id));

    await tax.stop();
    const changed = await api(
      wallet.baseUrl,
      session,
      'PUT',
      '/api/profile',
      profileBody({ preferred_language: 'en' }),
    );
    await waitFor(
      'an attempt',
      async () => (await permissionOf(session, toTax!.id)).retrying_deliveries.length > 0,
    );
    await wallet.close();
    await tax.restart();
    wallet = await openWallet(database, keys, trustList);
    await waitFor(
      'the change from the new wallet',
      () => tax.permissions.get(toTax!.id)!.appliedVersion === changed.body.profile_version,
    );
  });

  it('sends each change once when two wallet instances share the database', async () => {
    const second = await openWallet(database, keys, trustList);
    try {
      const sessions = await Promise.all(Array.from({ length: 8 }, () => person()));
      const shared = await Promise.all(sessions.map((session) => share(session, ['school'], ['address'])));
      const ids = shared.map(([p]) => p!.id);
      // Both workers poll and race for the same rows; each change must go out once.
      await Promise.all([wallet.ctx.deliveries.runOnce(), second.ctx.deliveries.runOnce()]);
      await waitFor('all first deliveries', () => ids.every((id) => school.permissions.get(id)));
      await Promise.all(
        sessions.map((session) =>
          api(wallet.baseUrl, session, 'PUT', '/api/profile', profileBody({ preferred_language: 'en' })),
        ),
      );
      await Promise.all([wallet.ctx.deliveries.runOnce(), second.ctx.deliveries.runOnce()]);
      await waitFor('all changes', () => ids.every((id) => school.permissions.get(id)!.appliedVersion === 2));
      const sent = school.received.filter((r) => ids.includes(r.permissionId));
      expect(sent).toHaveLength(16);
      expect(new Set(sent.map((r) => r.changeId)).size).toBe(16);
      expect(sent.every((r) => JSON.parse(r.answer).status === 'applied')).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('treats 410 as the end of the permission and sends no more', async () => {
    const session = await person();
    const [toTax] = await share(session, ['tax'], ['address']);
    await waitFor('first delivery', () => tax.permissions.get(toTax!.id));
    tax.scripted.push({ status: 410, body: { error: 'standing_permission_withdrawn' } });
    await api(wallet.baseUrl, session, 'PUT', '/api/profile', profileBody({ preferred_language: 'en' }));
    const ended = await waitFor('withdrawn by the consumer', async () => {
      const listed = await permissionOf(session, toTax!.id);
      return listed.status === 'withdrawn' && listed;
    });
    expect(ended).toMatchObject({ withdrawn_by: 'consumer', pending_deliveries: 0 });
    const before = tax.received.length;
    await api(wallet.baseUrl, session, 'PUT', '/api/profile', profileBody({ preferred_language: 'sv' }));
    await wallet.ctx.deliveries.runOnce();
    expect(tax.received.length).toBe(before);
    // The consumer ended it: nothing to tell it.
    expect(tax.received.filter((r) => r.kind === 'withdrawal' && r.permissionId === toTax!.id)).toEqual([]);
  });

  it('shows a 400 refusal as a failed delivery, with the reason and no retry', async () => {
    const session = await person();
    const [toTax] = await share(session, ['tax'], ['address']);
    await waitFor('first delivery', () => tax.permissions.get(toTax!.id));
    tax.scripted.push({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Storgatan 12 is odd' },
    });
    await api(wallet.baseUrl, session, 'PUT', '/api/profile', profileBody({ preferred_language: 'en' }));
    const listed = await waitFor('the failed delivery', async () => {
      const p = await permissionOf(session, toTax!.id);
      return p.failed_deliveries.length > 0 && p;
    });
    expect(listed).toMatchObject({ status: 'active', pending_deliveries: 0 });
    expect(listed.failed_deliveries[0]).toMatchObject({
      kind: 'update',
      status: 'rejected',
      last_error: 'HTTP 400 invalid_request',
      attempts: 1,
    });
    // The consumer's description is not kept: it may echo personal data.
    expect(JSON.stringify(listed)).not.toContain('Storgatan');
  });

  it('ends with the latest version when two changes follow each other', async () => {
    const session = await person();
    const [toSchool] = await share(session, ['school'], ['preferred_language', 'address']);
    await waitFor('first delivery', () => school.permissions.get(toSchool!.id));
    await api(wallet.baseUrl, session, 'PUT', '/api/profile', profileBody({ preferred_language: 'en' }));
    const last = await api(
      wallet.baseUrl,
      session,
      'PUT',
      '/api/profile',
      profileBody({ preferred_language: 'fi' }),
    );
    await waitFor(
      'the latest version',
      () => school.permissions.get(toSchool!.id)!.appliedVersion === last.body.profile_version,
    );
    await wallet.ctx.deliveries.runOnce();
    expect(school.permissions.get(toSchool!.id)!.profile.preferred_language).toBe('fi');
    const statuses = (
      await api(wallet.baseUrl, session, 'GET', `/api/standing-permissions/${toSchool!.id}/deliveries`)
    ).body.deliveries.map((d: any) => d.status);
    expect(statuses.every((s: string) => s === 'delivered' || s === 'superseded')).toBe(true);
  });

  it('narrows the fields of a permission and delivers the change; never beyond what was granted', async () => {
    const session = await person();
    const [toSchool] = await share(session, ['school'], ['address', 'emails']);
    await waitFor('first delivery', () => school.permissions.get(toSchool!.id));
    const wider = await api(wallet.baseUrl, session, 'PATCH', `/api/standing-permissions/${toSchool!.id}`, {
      fields: ['address', 'phones'],
    });
    expect(wider.status).toBe(400);
    const narrowed = await api(
      wallet.baseUrl,
      session,
      'PATCH',
      `/api/standing-permissions/${toSchool!.id}`,
      {
        fields: ['address'],
      },
    );
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.fields).toEqual(['address']);
    await waitFor('a second delivery', () => updatesFor(school, toSchool!.id).length >= 2);
    expect(updatesFor(school, toSchool!.id).at(-1)!.fields).toEqual(['address']);
  });

  it('logs who got which fields and the outcome, never the values', async () => {
    const session = await person({ emails: [{ address: 'hemlig@example.se' }] });
    const [toSchool] = await share(session, ['school'], ['address', 'emails']);
    await waitFor('first delivery', () => school.permissions.get(toSchool!.id));
    await api(wallet.baseUrl, session, 'POST', `/api/standing-permissions/${toSchool!.id}/withdraw`);
    await waitFor('the withdrawal', () => school.permissions.get(toSchool!.id)!.status === 'withdrawn');
    // The consumer has the withdrawal before the wallet settles the delivery and logs it: wait for the log line.
    const log = await waitFor('the withdrawal logged as delivered', async () => {
      const answer = await api(wallet.baseUrl, session, 'GET', '/api/log');
      const delivered = answer.body.entries.some(
        (e: any) => e.event === 'standing_permission' && e.outcome === 'withdrawal delivered to the consumer',
      );
      return delivered && answer;
    });
    const mine = log.body.entries
      .filter((e: any) => e.event === 'standing_permission' || e.event === 'profile_delivery')
      .map((e: any) => [e.event, e.counterparty, e.claims, e.outcome]);
    expect(mine).toEqual(
      expect.arrayContaining([
        ['standing_permission', school.clientId, ['address', 'emails'], 'granted'],
        ['profile_delivery', school.clientId, ['address', 'emails'], 'delivered (applied)'],
        ['standing_permission', school.clientId, ['address', 'emails'], 'withdrawn by you'],
        ['standing_permission', school.clientId, [], 'withdrawal delivered to the consumer'],
      ]),
    );
    expect(log.text).not.toMatch(/hemlig|Storgatan|46701234567/);
    const query = (sql: string) => wallet.ctx.db.dataSource.query(sql) as Promise<unknown[]>;
    const tables = JSON.stringify([
      await query('SELECT * FROM wallet_standing_permission'),
      await query('SELECT * FROM wallet_profile_delivery'),
    ]);
    expect(tables).not.toMatch(/hemlig|Storgatan|46701234567/);
  });

  it('discloses every field of the permission, an empty one as null, so a field filled in later is applied', async () => {
    const session = await person({ preferred_language: null, contact_preferences: null });
    const fields = ['address', 'preferred_language', 'contact_preferences'];
    const [toSchool] = await share(session, ['school'], fields);
    await waitFor('first delivery', () => school.permissions.get(toSchool!.id));
    const held = school.permissions.get(toSchool!.id)!;
    expect(held.fields).toEqual(fields);
    expect(held.profile).toMatchObject({ preferred_language: null, contact_preferences: null });
    const changed = await api(
      wallet.baseUrl,
      session,
      'PUT',
      '/api/profile',
      profileBody({ preferred_language: 'en', contact_preferences: null }),
    );
    await waitFor(
      'the filled-in field',
      () => school.permissions.get(toSchool!.id)!.appliedVersion === changed.body.profile_version,
    );
    expect(school.permissions.get(toSchool!.id)!.profile.preferred_language).toBe('en');
  });

  it('gives a delivery a new change_id when it carries a newer profile version than it was queued with', async () => {
    const session = await person();
    const [toTax] = await share(session, ['tax'], ['address']);
    await waitFor('first delivery', () => tax.permissions.get(toTax!.id));
    await tax.stop();
    const changed = await api(
      wallet.baseUrl,
      session,
      'PUT',
      '/api/profile',
      profileBody({ address: { ...address, street_address: 'Nygatan 2' } }),
    );
    const queued = await waitFor('an attempt', async () => {
      const [row] = await wallet.ctx.permissions.listDeliveries(session.accountId, toTax!.id, 1);
      return row?.attempts && row.profileVersion === changed.body.profile_version ? row : undefined;
    });
    // The version rises without a delivery for this permission (as when another consumer's
    // fields change): the queued row now carries other content.
    const bumped = await wallet.ctx.db.transaction((m) =>
      wallet.ctx.profiles.bumpVersion(session.accountId, wallet.ctx.now(), m),
    );
    await tax.restart();
    await waitFor('the newer version', () => tax.permissions.get(toTax!.id)!.appliedVersion === bumped);
    const last = updatesFor(tax, toTax!.id).at(-1)!;
    expect(last.changeId).not.toBe(queued.changeId);
    // The consumer has it; the wallet settles the row right after the answer.
    const row = await waitFor('the row settled', async () => {
      const [settled] = await wallet.ctx.permissions.listDeliveries(session.accountId, toTax!.id, 1);
      return settled?.status === 'delivered' ? settled : undefined;
    });
    expect(row).toMatchObject({
      id: queued.id,
      changeId: last.changeId,
      profileVersion: bumped,
      status: 'delivered',
    });
  });

  it('changes the fields when the person shares with a consumer again, never beyond what was granted', async () => {
    const session = await person();
    const [first] = await share(session, ['school'], ['address', 'emails']);
    await waitFor('first delivery', () => school.permissions.get(first!.id));
    const before = school.permissions.get(first!.id)!.appliedVersion;
    const [again] = await share(session, ['school'], ['address']);
    expect(again).toMatchObject({ id: first!.id, fields: ['address'] });
    // Through a new profile version, so the consumer applies the narrower copy.
    await waitFor('the narrower copy', () => school.permissions.get(first!.id)!.appliedVersion > before);
    expect(Object.keys(school.permissions.get(first!.id)!.profile)).toEqual(['address']);
    const wider = await api(wallet.baseUrl, session, 'POST', '/api/standing-permissions', {
      consumers: ['school'],
      fields: ['address', 'phones'],
    });
    expect(wider.status).toBe(409);
    expect(wider.body.error_description).toMatch(/withdraw/);
    const listed = await api(wallet.baseUrl, session, 'GET', '/api/standing-permissions');
    expect(listed.body.permissions.map((p: any) => [p.id, p.status, p.fields])).toEqual([
      [first!.id, 'active', ['address']],
    ]);
  });

  it('keeps one active permission per consumer when two shares with it race', async () => {
    const session = await person();
    const answers = await Promise.all(
      [0, 1].map(() =>
        api(wallet.baseUrl, session, 'POST', '/api/standing-permissions', {
          consumers: ['school'],
          fields: ['address'],
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toContain(201);
    const listed = await api(wallet.baseUrl, session, 'GET', '/api/standing-permissions');
    expect(listed.body.permissions.filter((p: any) => p.status === 'active')).toHaveLength(1);
  });

  it('delivers a change saved while a granted presentation was on its way', async () => {
    const session = await person();
    const request = await api(wallet.baseUrl, session, 'POST', '/api/presentation-requests', {
      request: await school.profileRequest({ fields: ['preferred_language'] }),
    });
    let changedVersion = 0;
    school.beforeNextResponseAnswer(async () => {
      const changed = await api(
        wallet.baseUrl,
        session,
        'PUT',
        '/api/profile',
        profileBody({ preferred_language: 'en' }),
      );
      changedVersion = changed.body.profile_version;
    });
    const answered = await api(
      wallet.baseUrl,
      session,
      'POST',
      `/api/presentation-requests/${request.body.id}/response`,
      { decision: 'approve', standing: true },
    );
    expect(answered.status).toBe(200);
    const id = answered.body.standing_permission.id as string;
    expect(school.permissions.get(id)!.profile.preferred_language).toBe('sv');
    await waitFor('the change', () => school.permissions.get(id)!.appliedVersion === changedVersion);
    expect(school.permissions.get(id)!.profile.preferred_language).toBe('en');
  });

  it('withdraws at once a standing permission whose grant got no answer, and tells the consumer', async () => {
    const session = await person();
    const request = await api(wallet.baseUrl, session, 'POST', '/api/presentation-requests', {
      request: await school.profileRequest({ fields: ['address'] }),
    });
    school.beforeNextResponseAnswer(async () => 'drop');
    const answered = await api(
      wallet.baseUrl,
      session,
      'POST',
      `/api/presentation-requests/${request.body.id}/response`,
      { decision: 'approve', standing: true },
    );
    expect(answered.status).toBe(502);
    const id = school.responses.at(-1)!.standing_permission_id as string;
    expect(await permissionOf(session, id)).toMatchObject({ status: 'withdrawn', withdrawn_by: 'person' });
    await waitFor('the withdrawal at the consumer', () => school.permissions.get(id)!.status === 'withdrawn');
    await waitFor('the withdrawal delivered', async () => {
      const [row] = await wallet.ctx.permissions.listDeliveries(session.accountId, id, 1);
      return row?.kind === 'withdrawal' && row.status === 'delivered';
    });
  });

  it('offers no standing permission when the request names other endpoints than the trust list', async () => {
    const session = await person();
    const request = await api(wallet.baseUrl, session, 'POST', '/api/presentation-requests', {
      request: await school.profileRequest({ fields: ['address'], standingEndpoints: tax.endpoints }),
    });
    expect(request.status).toBe(201);
    expect(request.body.standing_permission).toBeNull();
    expect(request.body.warnings).toEqual([
      expect.objectContaining({ code: 'standing_permission_endpoints' }),
    ]);
    const answered = await api(
      wallet.baseUrl,
      session,
      'POST',
      `/api/presentation-requests/${request.body.id}/response`,
      { decision: 'approve', standing: true },
    );
    expect(answered.status).toBe(400);
  });

  it('settles a delivery only under its lease, and logs nothing for one superseded meanwhile', async () => {
    const session = await person();
    const [toTax] = await share(session, ['tax'], ['address']);
    await waitFor('first delivery', async () => (await permissionOf(session, toTax!.id)).last_delivered_at);
    const store = wallet.ctx.permissions;
    const permission = (await store.findPermissionById(toTax!.id))!;
    // An hour ahead: out of the running worker's reach.
    const later = wallet.ctx.now() + 3600;
    /** Claims as a worker would at `at` (seconds); rows of other permissions are let go. */
    const claimAt = async (at: number) => {
      const claims = await store.outbox.claimDue({ now: at * 1000, leaseUntil: (at + 30) * 1000, limit: 50 });
      for (const other of claims.filter((c) => c.row.permissionId !== permission.id))
        await store.outbox.release(other);
      return claims.filter((c) => c.row.permissionId === permission.id);
    };
    const queue = async () => {
      const row = newUpdateRow(permission, 99, later);
      await store.insertDeliveries([row]);
      return row;
    };
    expect(await claimAt(later)).toEqual([]);
    const first = await queue();
    const [claimed] = await claimAt(later);
    expect(claimed.id).toBe(first.id);
    await store.supersedePendingUpdates([permission.id]);
    expect(
      await settleDelivery(wallet.ctx, claimed, permission, { action: 'delivered', outcome: 'applied' }, 99),
    ).toBe(false);
    // The permission's next row waits until the worker on the superseded one lets go.
    const next = await queue();
    expect(await claimAt(later)).toEqual([]);
    await store.outbox.release(claimed);
    const [takenOver] = await claimAt(later);
    expect(takenOver.id).toBe(next.id);
    // Its lease ran out and another worker claimed it.
    expect((await claimAt(later + 31)).map((c) => c.id)).toEqual([next.id]);
    expect(
      await settleDelivery(wallet.ctx, takenOver, permission, { action: 'rejected', error: 'HTTP 400' }),
    ).toBe(false);

    const rows = await store.listDeliveries(session.accountId, toTax!.id);
    expect(rows.find((r) => r.id === first.id)).toMatchObject({ status: 'superseded' });
    expect(rows.find((r) => r.id === next.id)).toMatchObject({
      status: 'pending',
      leaseUntil: later + 61,
    });
    const log = await api(wallet.baseUrl, session, 'GET', '/api/log');
    const outcomes = log.body.entries
      .filter((e: any) => e.event === 'profile_delivery')
      .map((e: any) => e.outcome);
    expect(outcomes).toEqual(['delivered (applied)']);
    await store.supersedePendingUpdates([permission.id]);
  });

  it('counts a delivery step that fails in the wallet as an attempt and backs off', async () => {
    const session = await person();
    const store = wallet.ctx.permissions;
    const original = store.findPermissionById;
    store.findPermissionById = async (id, manager) => {
      const row = await original(id, manager);
      if (row?.accountId === session.accountId) throw new Error('injected failure');
      return row;
    };
    try {
      const startedAt = wallet.ctx.now();
      const [toTax] = await share(session, ['tax'], ['address']);
      const failed = await waitFor('a counted attempt', async () => {
        const [row] = await store.listDeliveries(session.accountId, toTax!.id, 1);
        return row && row.attempts >= 1 ? row : undefined;
      });
      expect(failed).toMatchObject({
        status: 'pending',
        leaseUntil: null,
        lastError: 'wallet: delivery step failed',
      });
      // Backed off by at least a second from when it failed (times are whole seconds).
      expect(failed.nextAttemptAt).toBeGreaterThanOrEqual(startedAt + 1);
      store.findPermissionById = original;
      await waitFor('the delivery after the failure', () => tax.permissions.get(toTax!.id));
    } finally {
      store.findPermissionById = original;
    }
  });

  describe.each(['direct_post', 'direct_post.jwt'] as const)(
    'a presentation request (%s)',
    (responseMode) => {
      it('offers the profile, and on the person’s choice grants a standing permission that gets later changes', async () => {
        const session = await person();
        const request = await api(wallet.baseUrl, session, 'POST', '/api/presentation-requests', {
          request: await school.profileRequest({ fields: ['address', 'phones'], responseMode }),
        });
        expect(request.status).toBe(201);
        expect(request.body.standing_permission).toEqual({
          requested: true,
          consumer: { client_id: school.clientId, name: { sv: 'Konsument school', en: 'Consumer school' } },
          credential_ids: ['contact_profile'],
          fields: ['address', 'phones'],
          withdrawable: true,
        });
        expect(request.body.can_answer).toBe(true);
        expect(request.body.credential_queries[0].matches[0]).toMatchObject({
          credential_id: 'contact-profile',
          claims_to_send: [
            { name: 'address', value: { ...address, source: 'self' } },
            { name: 'phones', value: [{ number: '+46701234567', verified: false }] },
          ],
        });

        const answered = await api(
          wallet.baseUrl,
          session,
          'POST',
          `/api/presentation-requests/${request.body.id}/response`,
          {
            decision: 'approve',
            standing: true,
          },
        );
        expect(answered.status).toBe(200);
        const id = answered.body.standing_permission.id as string;
        expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(answered.body.standing_permission.fields).toEqual(['address', 'phones']);
        expect(school.responses.at(-1)).toMatchObject({
          standing_permission_id: id,
          verified_fields: ['address', 'phones'],
        });
        const listed = await permissionOf(session, id);
        expect(listed).toMatchObject({
          status: 'active',
          fields: ['address', 'phones'],
          pending_deliveries: 0,
        });
        expect(listed.last_delivered_version).toBe(school.permissions.get(id)!.appliedVersion);

        const changed = await api(
          wallet.baseUrl,
          session,
          'PUT',
          '/api/profile',
          profileBody({ phones: [{ number: '+46709999999' }] }),
        );
        await waitFor(
          'the change',
          () => school.permissions.get(id)!.appliedVersion === changed.body.profile_version,
        );
        expect(school.permissions.get(id)!.profile.phones).toEqual([
          { number: '+46709999999', verified: false },
        ]);
      });

      it('shares once when the person says so, or when the request does not ask for more', async () => {
        const session = await person();
        for (const [standing, choice] of [
          [true, false],
          [false, undefined],
        ] as const) {
          const request = await api(wallet.baseUrl, session, 'POST', '/api/presentation-requests', {
            request: await school.profileRequest({ fields: ['address'], responseMode, standing }),
          });
          expect(request.body.standing_permission).toEqual(
            standing ? expect.objectContaining({ requested: true }) : null,
          );
          const answered = await api(
            wallet.baseUrl,
            session,
            'POST',
            `/api/presentation-requests/${request.body.id}/response`,
            {
              decision: 'approve',
              ...(choice === undefined ? {} : { standing: choice }),
            },
          );
          expect(answered.status).toBe(200);
          expect(answered.body.standing_permission).toBeNull();
          expect(school.responses.at(-1)).not.toHaveProperty('standing_permission_id');
          expect(school.responses.at(-1)).toMatchObject({ verified_fields: ['address'] });
        }
        const listed = await api(wallet.baseUrl, session, 'GET', '/api/standing-permissions');
        expect(listed.body.permissions).toEqual([]);
      });
    },
  );
});
