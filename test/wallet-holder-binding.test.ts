import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { TestBrowser, fetchOutcome, finishHolderFetch, signInAtHolder } from './holder-sign-in.js';
import { launchChromium, signInToWallet } from './system/browser.js';
import { startRogueIssuer } from './wallet-rogue-issuer.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';
const samir = '198806244417';
const lucia = '199204781539';
const karin = '197011082232';

/**
 * A fetch from a data holder finishes only in the browser that opened the wallet's one-time
 * start link, and the wallet keeps only credentials issued to its owner: one naming someone
 * else is refused, one naming nobody needs the person's explicit confirmation.
 */
describe.each(testDatabaseKinds())('holder fetches bound to the browser and to the owner on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  let attacker: WalletSession;
  const logLines: string[] = [];
  beforeAll(async () => {
    world = await startWalletWorld(kind, {
      walletLogger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
    });
    wallet = world.wallet.baseUrl;
    attacker = await tokenSession(wallet, tolvan);
  });
  afterAll(async () => {
    await world?.stop();
  });

  /** Everything the account has: kept, pending previews and deferred alike. */
  async function heldBy(identityNumber: string) {
    const account = (await world.wallet.ctx.store.findAccountByIdentity(identityNumber))!;
    return world.wallet.ctx.store.listCredentials(account.id, ['stored', 'pending', 'deferred']);
  }

  async function startFetch(session: WalletSession, configurationId: string) {
    const started = await api(wallet, session, 'POST', '/api/holders/migrationsverket/fetch', {
      credential_configuration_id: configurationId,
      return_to: '/credentials',
    });
    expect(started.status).toBe(201);
    return started.body.authorization_url as string;
  }

  it('a fetch started with a personal token, its sign-in link finished by another person in another browser, stores nothing', async () => {
    const link = await startFetch(attacker, 'residence_permit');
    // The attacker opens the link in their own browser and sends the holder's sign-in page on.
    const attackerBrowser = new TestBrowser(wallet);
    const holderLink = await attackerBrowser.followToOtherOrigin(link);
    expect(new URL(holderLink).origin).toBe(new URL(world.issuer.baseUrl).origin);

    // Another person signs in there, in their own browser, and lands on the wallet's callback.
    const victimBrowser = new TestBrowser(wallet);
    const callback = await signInAtHolder(holderLink, samir);
    const answer = await victimBrowser.open(callback);
    expect(answer.status).toBe(403);
    const page = await answer.text();
    expect(page).toContain('Hämtningen avbröts – inget sparades');
    expect(page).toContain('startades i en annan webbläsare');
    expect(await heldBy(tolvan)).toEqual([]);

    // The attacker's own browser cannot finish it either: the fetch is used up.
    const late = await attackerBrowser.open(callback);
    expect(fetchOutcome(late)?.error).toBe('invalid_request');
    expect(await heldBy(tolvan)).toEqual([]);
  });

  it("the start link passed on to another person: the owner check refuses that person's credential", async () => {
    const link = await startFetch(attacker, 'work_permit');
    const done = await finishHolderFetch(wallet, link, samir);
    expect(done.status).toBe(303);
    expect(fetchOutcome(done)).toEqual({
      error: 'access_denied',
      error_description: expect.stringMatching(/issued to another person/),
    });
    expect(await heldBy(tolvan)).toEqual([]);
  });

  it('the owner finishes the fetch in the browser that opened the start link; every permit names its holder', async () => {
    for (const [person, claim, other] of [
      [samir, 'personal_identity_number', 'coordination_number'],
      [lucia, 'coordination_number', 'personal_identity_number'],
    ] as const) {
      const session = await tokenSession(wallet, person);
      const done = await finishHolderFetch(wallet, await startFetch(session, 'residence_permit'), person);
      const offerId = new URL(done.headers.get('location')!, wallet).searchParams.get('received');
      expect(offerId).toBeTruthy();
      const shown = await api(wallet, session, 'GET', `/api/credential-offers/${offerId}`);
      expect(shown.body.state).toBe('stored');
      const [credential] = shown.body.credentials;
      expect(credential.names_holder).toBe(true);
      const number = credential.claims.find((c: any) => c.name === claim);
      expect(number).toMatchObject({ value: person, selectively_disclosable: true });
      expect(credential.claims.find((c: any) => c.name === other)).toBeUndefined();
    }
  });

  it('an authorization response without the iss the holder promises is refused (RFC 9207)', async () => {
    const session = await tokenSession(wallet, samir);
    const browser = new TestBrowser(wallet);
    const holderUrl = await browser.followToOtherOrigin(await startFetch(session, 'work_permit'));
    const callback = new URL(await signInAtHolder(holderUrl, samir));
    expect(callback.searchParams.get('iss')).toBe(`${world.issuer.baseUrl}/migrationsverket`);
    callback.searchParams.delete('iss');
    const answer = await browser.open(callback.href);
    expect(fetchOutcome(answer)).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/does not name its server \(iss\)/),
    });
    expect((await heldBy(samir)).filter((r) => r.configurationId === 'work_permit')).toEqual([]);
  });

  it('the issuer names the holder even where its register record leaves the number out', async () => {
    // A register filled before permits carried the number (as an existing database may be).
    const registers = world.issuer.ctx.registerStore;
    const record = (await registers.find('skatteverket', karin, 'registered_address'))!;
    const { personal_identity_number: _left, ...data } = record.data as Record<string, unknown>;
    await registers.upsert({ ...record, data });
    const owner = await tokenSession(wallet, karin);
    const offer = await world.offer('skatteverket', karin, ['registered_address']);
    const received = await api(wallet, owner, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    expect(received.status).toBe(201);
    const [credential] = received.body.credentials;
    expect(credential.names_holder).toBe(true);
    expect(credential.claims.find((c: any) => c.name === 'personal_identity_number')?.value).toBe(karin);
    await api(wallet, owner, 'POST', `/api/credential-offers/${received.body.id}/decline`);
  });

  it('the start link works once and expires', async () => {
    const session = await tokenSession(wallet, samir);
    const link = await startFetch(session, 'residence_permit');
    const first = await new TestBrowser(wallet).open(link);
    expect(first.status).toBe(303);
    expect(first.headers.getSetCookie().join('\n')).toMatch(
      /^min_profil_fetch_[0-9a-f]{16}=[^;]+; Max-Age=600; Path=\/oid4vci\/callback; .*HttpOnly; SameSite=Lax$/m,
    );
    const second = await new TestBrowser(wallet).open(link);
    expect(second.status).toBe(400);
    expect(second.headers.getSetCookie()).toEqual([]);
    expect(await second.text()).toContain('Länken går inte att använda');

    const later = await startFetch(session, 'residence_permit');
    world.wallet.advanceClock(601);
    try {
      const expired = await new TestBrowser(wallet).open(later);
      expect(expired.status).toBe(400);
      expect(expired.headers.get('location')).toBeNull();
    } finally {
      world.wallet.advanceClock(-601);
    }
  });

  it('pushes the authorization request when the start link is opened, so a link opened minutes later still works', async () => {
    const session = await tokenSession(wallet, samir);
    const link = await startFetch(session, 'residence_permit');
    // Five minutes pass for both services: longer than a pushed request lives at the holder
    // (60 s, RFC 9126), shorter than the start link (10 min).
    world.wallet.advanceClock(300);
    world.issuer.advanceClock(300);
    try {
      const browser = new TestBrowser(wallet);
      const holderLink = await browser.followToOtherOrigin(link);
      expect(new URL(holderLink).searchParams.get('request_uri')).toMatch(
        /^urn:ietf:params:oauth:request_uri:/,
      );
      const answer = await browser.open(await signInAtHolder(holderLink, samir));
      expect(new URL(answer.headers.get('location')!, wallet).searchParams.get('received')).toBeTruthy();
    } finally {
      world.wallet.advanceClock(-300);
      world.issuer.advanceClock(-300);
    }
  });

  it('an offer with the authorization_code grant is bound the same way', async () => {
    const offer = {
      credential_issuer: `${world.issuer.baseUrl}/migrationsverket`,
      credential_configuration_ids: ['residence_permit'],
      grants: { authorization_code: { issuer_state: 'from-the-offer' } },
    };
    const started = await api(wallet, attacker, 'POST', '/api/credential-offers', {
      offer: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`,
    });
    expect(started.status).toBe(202);
    const holderLink = await new TestBrowser(wallet).followToOtherOrigin(started.body.authorization_url);
    expect(holderLink.startsWith(world.issuer.baseUrl)).toBe(true);
    const answer = await new TestBrowser(wallet).open(await signInAtHolder(holderLink, samir));
    expect(answer.status).toBe(403);
    expect(await heldBy(tolvan)).toEqual([]);
  });

  it('an offer of a credential about someone else is refused and nothing is kept', async () => {
    const offer = await world.offer('migrationsverket', samir, ['residence_permit']);
    const refused = await api(wallet, attacker, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'access_denied' });
    expect(refused.body.error_description).toMatch(/issued to another person.*nothing was stored/);
    expect(refused.text).not.toContain(samir);
    // Logged, without the number.
    expect(logLines.some((l) => l.includes('refused a credential about another person'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(samir);

    // The same from an issuer outside the trust list, by coordination number.
    const rogue = await startRogueIssuer('well_formed', {
      claims: { given_name: 'Lucía', coordination_number: lucia },
    });
    try {
      const answer = await api(wallet, attacker, 'POST', '/api/credential-offers', {
        offer: rogue.offerLink,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toBe('access_denied');
    } finally {
      await rogue.stop();
    }
    expect(await heldBy(tolvan)).toEqual([]);
    expect(logLines.join('\n')).not.toContain(lucia);
  });

  it('a credential that names no holder is kept only when the person confirms it is theirs', async () => {
    const rogue = await startRogueIssuer('well_formed');
    try {
      const received = await api(wallet, attacker, 'POST', '/api/credential-offers', {
        offer: rogue.offerLink,
      });
      expect(received.status).toBe(201);
      expect(received.body.credentials[0].names_holder).toBe(false);
      const path = `/api/credential-offers/${received.body.id}/accept`;
      for (const body of [undefined, {}, { confirm_holder: false }]) {
        const refused = await api(wallet, attacker, 'POST', path, body);
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({ error: 'invalid_request', holder_confirmation_required: true });
        expect(refused.body.error_description).toMatch(/names no holder.*confirm_holder: true/);
      }
      expect((await heldBy(tolvan)).map((r) => r.state)).toEqual(['pending']);
      const accepted = await api(wallet, attacker, 'POST', path, { confirm_holder: true });
      expect(accepted.status).toBe(200);
      expect(accepted.body.state).toBe('stored');
      const list = await api(wallet, attacker, 'GET', '/api/credentials');
      expect(list.body.credentials.map((c: any) => c.names_holder)).toEqual([false]);
    } finally {
      await rogue.stop();
    }
  });

  it('a fetch with sign-in does not store a credential that names no holder: it waits as an offer to confirm', async () => {
    const owner = await tokenSession(wallet, karin);
    const rogue = await startRogueIssuer('well_formed', { grant: 'authorization_code' });
    try {
      const started = await api(wallet, owner, 'POST', '/api/credential-offers', {
        offer: rogue.offerLink,
        return_to: '/receive',
      });
      expect(started.status).toBe(202);
      const browser = new TestBrowser(wallet);
      const atIssuer = await browser.followToOtherOrigin(started.body.authorization_url);
      expect(atIssuer.startsWith(`${rogue.baseUrl}/authorize?`)).toBe(true);
      const callback = (await fetch(atIssuer, { redirect: 'manual' })).headers.get('location')!;
      const done = await browser.open(callback);
      const back = new URL(done.headers.get('location')!, wallet);
      expect(back.pathname).toBe('/receive');
      const offerId = back.searchParams.get('received')!;
      const shown = await api(wallet, owner, 'GET', `/api/credential-offers/${offerId}`);
      expect(shown.body.state).toBe('pending');
      expect(shown.body.credentials[0].names_holder).toBe(false);
      expect((await heldBy(karin)).map((r) => r.state)).toEqual(['pending']);
      const path = `/api/credential-offers/${offerId}/accept`;
      expect((await api(wallet, owner, 'POST', path)).status).toBe(400);
      const accepted = await api(wallet, owner, 'POST', path, { confirm_holder: true });
      expect(accepted.body.state).toBe('stored');
    } finally {
      await rogue.stop();
    }
  });
});

describe('confirming a credential that names no holder, in a browser', () => {
  let world: WalletWorld;
  let browser: Browser;
  beforeAll(async () => {
    world = await startWalletWorld('sqlite');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('the preview asks for the confirmation before saving, and the overview marks the credential', async () => {
    const wallet = world.wallet.baseUrl;
    const rogue = await startRogueIssuer('well_formed');
    const context = await browser.newContext({ locale: 'sv-SE', bypassCSP: true });
    try {
      const page = await context.newPage();
      await signInToWallet(page, wallet, tolvan);
      await page.goto(`${wallet}/receive?offer=${encodeURIComponent(rogue.offerLink)}`);
      await page.getByText('Intyget anger inte vem det är utfärdat till').waitFor();
      const save = page.getByRole('button', { name: 'Spara i plånboken' });
      expect(await save.isDisabled()).toBe(true);
      await page.getByLabel('Jag bekräftar att intyget gäller mig').check();
      await save.click();
      await page.getByText('Intyget är sparat.').waitFor();
      await page.goto(`${wallet}/credentials`);
      await page.getByText('Anger ingen innehavare').waitFor();
    } finally {
      await context.close();
      await rogue.stop();
    }
  });
});
