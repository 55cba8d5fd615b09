import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import { api, signIn, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { TestBrowser, fetchOutcome, finishHolderFetch, signInAtHolder } from './holder-sign-in.js';
import { startRogueIssuer } from './wallet-rogue-issuer.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';
const alva = '200503152381';
const samir = '198806244417';

describe.each(testDatabaseKinds())('wallet receives credentials from the real issuer on %s', (kind) => {
  let world: WalletWorld;
  let person: WalletSession;
  let wallet: string;
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    person = await tokenSession(wallet, tolvan);
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function storedCount(accountSession: WalletSession = person) {
    return (await api(wallet, accountSession, 'GET', '/api/credentials')).body.credentials.length as number;
  }

  it('shows a credential offered by value with a tx_code, keeps it only when accepted', async () => {
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const received = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link_by_value,
      tx_code: offer.tx_code,
    });
    expect(received.status).toBe(201);
    expect(received.body.state).toBe('pending');
    const [preview] = received.body.credentials;
    expect(preview.name).toEqual({ sv: 'Inskrivningsintyg', en: 'Registration certificate' });
    expect(preview.issuer.name.sv).toBe('Arbetsförmedlingen');
    expect(preview.claims).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'given_name',
          value: 'Tolvan',
          label: { sv: 'Förnamn', en: 'Given name' },
        }),
        expect.objectContaining({ name: 'registered_since', value: '2026-09-01' }),
      ]),
    );
    // Batch issuance offered (batch_size 10): three copies, each bound to its own key.
    expect(preview.copies).toBe(3);
    expect(await storedCount()).toBe(0);

    const accepted = await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('stored');
    const list = await api(wallet, person, 'GET', '/api/credentials');
    expect(list.body.credentials).toHaveLength(1);
    expect(list.body.credentials[0]).toMatchObject({ status: 'valid', name: { sv: 'Inskrivningsintyg' } });
    expect(list.body.credentials[0].claims).toBeUndefined();
    const detail = await api(wallet, person, 'GET', `/api/credentials/${preview.id}`);
    expect(detail.body.claims.find((c: any) => c.name === 'family_name').value).toBe('Tolvansson');
    expect(detail.body.issued_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(detail.body.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // A second accept finds nothing left to accept.
    const again = await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    expect(again.status).toBe(409);
  });

  it('receives by reference (credential_offer_uri link and bare URI) and drops a declined offer', async () => {
    const offer = await world.offer('skatteverket', tolvan, ['registered_address']);
    const received = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    expect(received.status).toBe(201);
    expect(received.body.credentials[0].claims.find((c: any) => c.name === 'address').value).toMatchObject({
      locality: 'Stockholm',
    });
    const declined = await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/decline`);
    expect(declined.status).toBe(204);
    expect((await api(wallet, person, 'GET', `/api/credential-offers/${received.body.id}`)).status).toBe(404);

    const second = await world.offer('skatteverket', tolvan, ['registered_address']);
    const byUri = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: second.credential_offer_uri,
      tx_code: second.tx_code,
    });
    expect(byUri.status).toBe(201);
    await api(wallet, person, 'POST', `/api/credential-offers/${byUri.body.id}/accept`);
    expect(await storedCount()).toBe(2);
  });

  it('asks for the tx_code when it is missing and names a wrong one, storing nothing', async () => {
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const missing = await api(wallet, person, 'POST', '/api/credential-offers', { offer: offer.offer_link });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: 'invalid_request',
      tx_code_required: true,
      tx_code: { length: 6 },
    });
    const wrong = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    const before = await storedCount();
    expect(
      (
        await world.wallet.ctx.store.listCredentials(
          (await world.wallet.ctx.store.findAccountByIdentity(tolvan))!.id,
          ['pending', 'deferred'],
        )
      ).length,
    ).toBe(0);
    expect(await storedCount()).toBe(before);
  });

  it('refuses malformed offers with a clear message', async () => {
    for (const offer of [
      'not a link',
      'openid-credential-offer://?credential_offer=%7Bbroken',
      'openid-credential-offer://?nothing=here',
      'ftp://example.com/offer',
    ]) {
      const response = await api(wallet, person, 'POST', '/api/credential-offers', { offer });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
      expect(response.body.error_description).toMatch(/offer|URL/);
    }
    const noBody = await api(wallet, person, 'POST', '/api/credential-offers', { offer: 1 });
    expect(noBody.status).toBe(400);
  });

  it('refuses a credential about another person (an offer made out to someone else)', async () => {
    const other = await tokenSession(wallet, samir);
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const response = await api(wallet, other, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      error: 'access_denied',
      error_description:
        'the credential is issued to another person (by personal identity number or coordination number); nothing was stored',
    });
    const account = (await world.wallet.ctx.store.findAccountByIdentity(samir))!;
    expect(
      await world.wallet.ctx.store.listCredentials(account.id, ['pending', 'deferred', 'stored']),
    ).toEqual([]);
  });

  it('polls a deferred credential until the register answers, then shows it', async () => {
    const student = await tokenSession(wallet, alva);
    const record = await world.issuer.ctx.registerStore.find('skola', alva, 'diploma');
    await world.issuer.ctx.registerStore.upsert({ ...record!, readyAt: world.issuer.ctx.now() + 3600 });
    const offer = await world.offer('skola', alva, ['upper_secondary_diploma']);
    const received = await api(wallet, student, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    expect(received.status).toBe(201);
    expect(received.body.state).toBe('deferred');
    expect(received.body.credentials[0]).toMatchObject({ state: 'deferred', status: 'deferred' });
    expect(
      (await api(wallet, student, 'POST', `/api/credential-offers/${received.body.id}/accept`)).status,
    ).toBe(409);

    // Still pending at the register: polling keeps it deferred.
    world.wallet.advanceClock(120);
    const still = await api(wallet, student, 'GET', `/api/credential-offers/${received.body.id}`);
    expect(still.body.state).toBe('deferred');

    await world.issuer.ctx.registerStore.upsert({ ...record!, readyAt: null });
    world.wallet.advanceClock(120);
    const ready = await api(wallet, student, 'GET', `/api/credential-offers/${received.body.id}`);
    expect(ready.body).toMatchObject({ state: 'pending' });
    expect(ready.body.credentials[0].claims.find((c: any) => c.name === 'programme').value).toBe(
      'Naturvetenskapsprogrammet',
    );
    const accepted = await api(wallet, student, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    expect(accepted.body.state).toBe('stored');
    expect(await storedCount(student)).toBe(1);
    world.wallet.advanceClock(-240);
  });

  it('fetches from a holder with the authorization code flow and PKCE (the person signs in there)', async () => {
    const newcomer = await tokenSession(wallet, samir);
    const holders = await api(wallet, newcomer, 'GET', '/api/holders');
    const migrationsverket = holders.body.holders.find((h: any) => h.id === 'migrationsverket');
    expect(migrationsverket.credential_types.map((t: any) => t.credential_configuration_id)).toEqual(
      expect.arrayContaining(['work_permit', 'residence_permit']),
    );
    const started = await api(wallet, newcomer, 'POST', '/api/holders/migrationsverket/fetch', {
      credential_configuration_id: 'work_permit',
      return_to: '/credentials',
    });
    expect(started.status).toBe(201);
    // The wallet's one-time start link, which sends the browser on to the holder.
    expect(started.body.authorization_url.startsWith(`${wallet}/oid4vci/start/`)).toBe(true);
    const browser = new TestBrowser(wallet);
    const authorizationUrl = new URL(await browser.followToOtherOrigin(started.body.authorization_url));
    // RFC 9126: opening the start link pushed the wallet's request (PKCE S256, its registered
    // redirect URI); the person's browser carries only the client_id and the request_uri.
    expect([...authorizationUrl.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(authorizationUrl.searchParams.get('client_id')).toBe('min-profil-wallet');
    expect(authorizationUrl.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);

    const callback = await loginWithTestEid({
      authorizationUrl: String(authorizationUrl),
      identityNumber: samir,
    });
    expect(callback.startsWith(`${wallet}/oid4vci/callback?`)).toBe(true);
    const done = await browser.open(callback);
    expect(done.status).toBe(303);
    const back = new URL(done.headers.get('location')!, wallet);
    expect(back.href).toBe(`${wallet}/credentials?received=${back.searchParams.get('received')}`);
    const offerId = back.searchParams.get('received')!;
    const shown = await api(wallet, newcomer, 'GET', `/api/credential-offers/${offerId}`);
    expect(shown.body.state).toBe('stored');
    expect(shown.body.credentials[0].claims.find((c: any) => c.name === 'employer').value).toBe('Malmö stad');
    // HAIP 1.0 §4.3: the wallet asks with the configuration's scope (the holder lists one for
    // each), not with authorization_details.
    const asked = (await world.issuer.ctx.db.dataSource
      .getRepository('AuthorizationRequest')
      .find()) as Array<{ configurationIds: string[]; authorizationDetails: string | null }>;
    expect(asked).toContainEqual(
      expect.objectContaining({ configurationIds: ['work_permit'], authorizationDetails: null }),
    );

    // The state is single use.
    const replay = await browser.open(callback);
    expect(fetchOutcome(replay)?.error).toBe('invalid_request');
  });

  it('follows an offer with the authorization_code grant: the person signs in at the issuer', async () => {
    const offer = {
      credential_issuer: `${world.issuer.baseUrl}/skatteverket`,
      credential_configuration_ids: ['registered_address'],
      grants: { authorization_code: { issuer_state: 'from-the-offer' } },
    };
    const started = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`,
      return_to: '/received',
    });
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('authorization_required');
    const browser = new TestBrowser(wallet);
    const authorizationUrl = new URL(await browser.followToOtherOrigin(started.body.authorization_url));
    // The issuer_state travelled in the pushed request; the browser carries only its request_uri.
    expect(authorizationUrl.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    const callback = await signInAtHolder(authorizationUrl.href, tolvan);
    const done = await browser.open(callback);
    const back = new URL(done.headers.get('location')!, wallet);
    expect(back.pathname).toBe('/received');
    const shown = await api(
      wallet,
      person,
      'GET',
      `/api/credential-offers/${back.searchParams.get('received')}`,
    );
    expect(shown.body).toMatchObject({ state: 'stored' });
    expect(shown.body.credentials[0].name.sv).toBe('Folkbokföringsadress');
  });

  it('finishes a fetch started in the browser only in that browser session', async () => {
    const browser = await signIn(wallet, samir);
    const started = await api(wallet, browser, 'POST', '/api/holders/migrationsverket/fetch', {
      credential_configuration_id: 'residence_permit',
    });
    expect(started.status).toBe(201);
    // The start link opened in this browser but the callback in one without the session.
    const opener = new TestBrowser(wallet);
    const callback = await signInAtHolder(
      await opener.followToOtherOrigin(started.body.authorization_url),
      samir,
    );
    const elsewhere = await opener.open(callback);
    expect(fetchOutcome(elsewhere)?.error_description).toMatch(/another browser session/);

    // The state was used up by that attempt: start again, and finish in the same session.
    const again = await api(wallet, browser, 'POST', '/api/holders/migrationsverket/fetch', {
      credential_configuration_id: 'residence_permit',
    });
    const done = await finishHolderFetch(
      wallet,
      again.body.authorization_url,
      samir,
      new TestBrowser(wallet, browser.cookie),
    );
    const back = new URL(done.headers.get('location')!, wallet);
    expect(back.searchParams.get('received')).toBeTruthy();
    const shown = await api(
      wallet,
      browser,
      'GET',
      `/api/credential-offers/${back.searchParams.get('received')}`,
    );
    expect(shown.body.credentials[0].credential_configuration_id).toBe('residence_permit');
  });

  it('keeps credentials encrypted at rest: no claim value is readable in the database', async () => {
    const rows: Array<Record<string, unknown>> = await world.wallet.ctx.db.dataSource.query(
      'SELECT * FROM wallet_credential',
    );
    expect(rows.length).toBeGreaterThan(0);
    const dump = JSON.stringify(rows);
    for (const value of ['Tolvan', 'Tolvansson', '2026-09-01', 'Storgatan', '191212121212', 'Malmö stad']) {
      expect(dump).not.toContain(value);
    }
    // A sealed credential does not open with another person's key (AAD binds row and owner).
    const account = (await world.wallet.ctx.store.findAccountByIdentity(tolvan))!;
    const row = (await world.wallet.ctx.store.listCredentials(account.id, ['stored']))[0]!;
    const { openSealed } = await import('../wallet/src/credentials/describe-credential.js');
    const other = (await world.wallet.ctx.store.findAccountByIdentity(alva))!;
    expect(() => openSealed(world.wallet.ctx, other, row)).toThrow();
    expect(openSealed(world.wallet.ctx, account, row).copies).toHaveLength(3);
  });

  it('shows revoked and suspended status after the holder changes it, and deletes on request', async () => {
    const list = await api(wallet, person, 'GET', '/api/credentials');
    const certificate = list.body.credentials.find(
      (c: any) => c.credential_configuration_id === 'registration_certificate',
    );
    expect(certificate.status).toBe('valid');
    const issued = await getJson(
      `${world.issuer.baseUrl}/af/admin/credentials?personal_identity_number=${tolvan}`,
      {
        authorization: `Bearer ${world.issuer.apiKey}`,
      },
    );
    for (const c of issued.body.credentials) {
      const changed = await postJson(
        `${world.issuer.baseUrl}/af/admin/credentials/${c.id}/status`,
        { status: 'suspended' },
        { authorization: `Bearer ${world.issuer.apiKey}` },
      );
      expect(changed.status).toBe(200);
    }
    // The wallet told the holder it accepted the credential (OID4VCI 1.0 §11).
    expect(issued.body.credentials.map((c: any) => c.wallet_event)).toContain('credential_accepted');
    world.wallet.advanceClock(400); // past the status list's ttl
    expect((await api(wallet, person, 'GET', `/api/credentials/${certificate.id}`)).body.status).toBe(
      'suspended',
    );
    for (const c of issued.body.credentials) {
      await postJson(
        `${world.issuer.baseUrl}/af/admin/credentials/${c.id}/status`,
        { status: 'revoked' },
        { authorization: `Bearer ${world.issuer.apiKey}` },
      );
    }
    world.wallet.advanceClock(400);
    expect((await api(wallet, person, 'GET', `/api/credentials/${certificate.id}`)).body.status).toBe(
      'revoked',
    );

    const deleted = await api(wallet, person, 'DELETE', `/api/credentials/${certificate.id}`);
    expect(deleted.status).toBe(204);
    expect((await api(wallet, person, 'GET', `/api/credentials/${certificate.id}`)).status).toBe(404);
    expect((await api(wallet, person, 'DELETE', `/api/credentials/${certificate.id}`)).status).toBe(404);
  });

  it('logs issuance, refusal and deletion with claim names and never values', async () => {
    const log = await api(wallet, person, 'GET', '/api/log');
    const events = log.body.entries.map((e: any) => e.event);
    expect(events).toEqual(expect.arrayContaining(['issuance', 'refusal', 'deletion']));
    const issuance = log.body.entries.find(
      (e: any) => e.event === 'issuance' && e.counterparty.endsWith('/af'),
    );
    expect(issuance).toMatchObject({
      counterparty: `${world.issuer.baseUrl}/af`,
      counterparty_name: { sv: 'Arbetsförmedlingen' },
      outcome: 'stored',
    });
    expect(issuance.claims).toEqual(expect.arrayContaining(['given_name', 'registered_since']));
    expect(JSON.stringify(log.body)).not.toMatch(/Tolvan|2026-09-01|Storgatan|191212121212/);

    const filtered = await api(wallet, person, 'GET', '/api/log?event=deletion');
    expect(filtered.body.entries.every((e: any) => e.event === 'deletion')).toBe(true);
    const csv = await api(wallet, person, 'GET', '/api/log?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'at,event,counterparty,counterparty_name,credential_types,claims,purpose,outcome',
    );
    const rows: Array<Record<string, unknown>> = await world.wallet.ctx.db.dataSource.query(
      'SELECT * FROM wallet_log_entry',
    );
    expect(JSON.stringify(rows)).not.toMatch(/Tolvan|2026-09-01|Storgatan/);
  });
});

describe('wallet against a misbehaving issuer', () => {
  let world: WalletWorld;
  let person: WalletSession;
  beforeAll(async () => {
    world = await startWalletWorld('sqlite', { walletSettings: { fetchTimeoutMs: 1500 } });
    person = await tokenSession(world.wallet.baseUrl, tolvan);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it.each([
    ['bad_signature', 502, /did not verify \(invalid_signature\)/],
    ['wrong_holder_key', 502, /bound to a key this wallet did not prove/],
    ['credential_error', 502, /credential_request_denied/],
    ['slow', 502, /did not answer in time/],
  ] as const)('stores nothing when the issuer %s', async (mode, status, message) => {
    const rogue = await startRogueIssuer(mode);
    try {
      const response = await api(world.wallet.baseUrl, person, 'POST', '/api/credential-offers', {
        offer: rogue.offerLink,
      });
      expect(response.status).toBe(status);
      expect(response.body.error_description).toMatch(message);
      const rows = await world.wallet.ctx.db.dataSource.query('SELECT id FROM wallet_credential');
      expect(rows).toEqual([]);
    } finally {
      await rogue.stop();
    }
  });

  it('never hands the browser an authorization endpoint that is not an https URL', async () => {
    const rogue = await startRogueIssuer('plain_http_authorization');
    try {
      const response = await api(world.wallet.baseUrl, person, 'POST', '/api/credential-offers', {
        offer: rogue.offerLink,
      });
      expect(response.status).toBe(502);
      expect(response.body).toEqual({
        error: 'invalid_request',
        error_description: "the holder's authorization endpoint is not an https URL",
      });
      expect(JSON.stringify(response.body)).not.toContain('issuer.example');
    } finally {
      await rogue.stop();
    }
  });
});
