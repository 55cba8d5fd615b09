import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { HeldCredentialEntity, LogEntryEntity } from '@min-profil/wallet/persistence/entities';
import { claimLabeller } from '@min-profil/wallet/log/claim-labels';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

/**
 * Issue 24: `GET /api/credentials` and `GET /api/log` in keyset pages (`limit`, `cursor`,
 * `next_cursor`), the old answer without `limit`, and `names_holder` read from its clear column
 * (filled on first read for rows from before it).
 */
describe.each(testDatabaseKinds())('wallet credential list and log in pages on %s', (kind) => {
  let world: WalletWorld;
  let person: WalletSession;
  let wallet: string;

  async function receive(holder: string, configurationId: string) {
    const offer = await world.offer(holder, tolvan, [configurationId]);
    const received = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link_by_value,
      tx_code: offer.tx_code,
    });
    expect(received.status).toBe(201);
    const accepted = await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    expect(accepted.status).toBe(200);
  }

  /** Every page of a list, `limit` at a time, following `next_cursor` to the end. */
  async function allPages(path: string, key: 'credentials' | 'entries', limit: number) {
    const pages: any[][] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
      const page = await api(wallet, person, 'GET', `${path}?${query}`);
      expect(page.status).toBe(200);
      pages.push(page.body[key]);
      cursor = page.body.next_cursor;
    } while (cursor && pages.length < 20);
    return pages;
  }

  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    person = await tokenSession(wallet, tolvan);
    for (const [holder, configurationId] of [
      ['af', 'registration_certificate'],
      ['skatteverket', 'registered_address'],
      ['af', 'registration_certificate'],
      ['skatteverket', 'registered_address'],
    ] as const)
      await receive(holder, configurationId);
    // Two received in the same second (the id orders them), two a minute apart; the log alike.
    const ds = world.wallet.ctx.db.dataSource;
    const credentials = await ds.getRepository(HeldCredentialEntity).find({ order: { id: 'ASC' } });
    const entries = await ds.getRepository(LogEntryEntity).find({ order: { id: 'ASC' } });
    const t0 = credentials[0]!.createdAt;
    const times = [t0, t0, t0 + 60, t0 + 120];
    for (const [i, row] of credentials.entries())
      await ds.getRepository(HeldCredentialEntity).update({ id: row.id }, { createdAt: times[i % 4] });
    for (const [i, row] of entries.entries())
      await ds.getRepository(LogEntryEntity).update({ id: row.id }, { at: times[i % 4] });
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('answers the whole credential list without limit, as before paging, and the same list in pages', async () => {
    const whole = await api(wallet, person, 'GET', '/api/credentials');
    expect(whole.body.credentials).toHaveLength(4);
    expect(whole.body.next_cursor).toBeUndefined();

    const pages = await allPages('/api/credentials', 'credentials', 3);
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(pages.flat()).toEqual(whole.body.credentials);
    const ones = await allPages('/api/credentials', 'credentials', 1);
    expect(ones.flat().map((c) => c.id)).toEqual(whole.body.credentials.map((c: any) => c.id));
    // Newest first.
    const received = whole.body.credentials.map((c: any) => c.received_at);
    expect([...received].sort().reverse()).toEqual(received);
  });

  it('pages the log the same way: the old answer without limit, every entry once in pages', async () => {
    const whole = await api(wallet, person, 'GET', '/api/log');
    expect(whole.body.entries.filter((e: any) => e.event === 'issuance')).toHaveLength(4);
    expect(whole.body.next_cursor).toBeUndefined();
    const pages = await allPages('/api/log', 'entries', 2);
    expect(pages.flat()).toEqual(whole.body.entries);
    expect(pages.at(-1)!.length).toBeGreaterThan(0);

    const filtered = await api(wallet, person, 'GET', '/api/log?event=issuance&limit=3');
    expect(filtered.body.entries).toHaveLength(3);
    const rest = await api(
      wallet,
      person,
      'GET',
      `/api/log?event=issuance&limit=3&cursor=${filtered.body.next_cursor}`,
    );
    expect(rest.body.entries).toHaveLength(1);
    expect(rest.body.next_cursor).toBeUndefined();
  });

  it('labels a log page’s claims from the held credentials of its types, as from all of them', async () => {
    const { ctx } = world.wallet;
    const account = (await ctx.store.findAccountByIdentity(tolvan))!;
    const everyRow = claimLabeller(await ctx.store.listCredentials(account.id, ['stored', 'pending']));
    const entries = (await allPages('/api/log', 'entries', 1)).flat();
    const labelled = entries.filter((e) => e.claims.length > 0);
    expect(labelled.length).toBeGreaterThanOrEqual(4);
    for (const e of labelled) expect(e.claim_labels).toEqual(everyRow(e.credential_types, e.claims));
    expect(labelled.flatMap((e) => e.claim_labels)).toContainEqual({ sv: 'Förnamn', en: 'Given name' });
  });

  it('refuses a cursor it did not make, and one list’s cursor on the other', async () => {
    const credentialPage = await api(wallet, person, 'GET', '/api/credentials?limit=1');
    const onLog = await api(wallet, person, 'GET', `/api/log?cursor=${credentialPage.body.next_cursor}`);
    expect(onLog.status).toBe(400);
    expect(onLog.body.error).toBe('invalid_request');
    const madeUp = await api(wallet, person, 'GET', '/api/credentials?limit=1&cursor=bm90LWEtY3Vyc29y');
    expect(madeUp.status).toBe(400);
    expect(madeUp.body.error).toBe('invalid_request');
    expect((await api(wallet, person, 'GET', '/api/credentials?limit=0')).status).toBe(400);
    expect((await api(wallet, person, 'GET', '/api/log?limit=1001')).status).toBe(400);
  });

  it('records names_holder and key_protection in clear at receipt, and fills them on first read for a row from before the columns', async () => {
    const repo = world.wallet.ctx.db.dataSource.getRepository(HeldCredentialEntity);
    const stored = await repo.find();
    expect(stored.map((r) => [r.namesHolder, r.keyProtection])).toEqual(stored.map(() => [true, 'service']));
    const before = (await api(wallet, person, 'GET', '/api/credentials')).body.credentials;
    expect(before.map((c: any) => [c.names_holder, c.key_protection])).toEqual(
      before.map(() => [true, 'service']),
    );

    // As migration 1766530000000 leaves the rows it found: not known yet.
    await repo
      .createQueryBuilder()
      .update()
      .set({ namesHolder: null, keyProtection: null })
      .where('1 = 1')
      .execute();
    const after = (await api(wallet, person, 'GET', '/api/credentials')).body.credentials;
    expect(after).toEqual(before);
    expect((await repo.find()).map((r) => [r.namesHolder, r.keyProtection])).toEqual(
      stored.map(() => [true, 'service']),
    );
  });
});
