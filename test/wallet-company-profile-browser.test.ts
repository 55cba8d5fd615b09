import type { Browser } from 'playwright-core';
import { postJson } from '../issuer/test/wallet-client.js';
import { api, signIn } from '../wallet/test/wallet-api.js';
import { readPresentationResult } from './verifier-helpers.js';
import { TestBrowser, finishHolderFetch } from './holder-sign-in.js';
import { expectAccessible, launchChromium, pageWidth, shoot, signInToWallet } from './system/browser.js';
import { startSystem, type RunningSystem } from './system/start-system.js';

const karin = '197011082232';
const samir = '198806244417';
const bergHaddad = '556934-5670';
const narrow = { width: 320, height: 640 };

/**
 * The company's contact details in Chromium at 320 px (issue #21): Karin, who signs for Berg &
 * Haddad, reaches them from "Mer", fills them in and saves, shares them with Exempelby kommun
 * (the screen says the company key the service holds signs the updates), sees the body get
 * them, withdraws at once, then reads the page in English. axe finds no serious violation.
 */
describe('the company contact details in the wallet, in a browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  beforeAll(async () => {
    system = await startSystem('sqlite', { walletSettings: { deliveryPollSeconds: 1 } });
    const wallet = system.wallet.baseUrl;
    // Karin's signatory credentials from Bolagsverket, fetched through the API.
    const session = await signIn(wallet, karin);
    // The company identity too, for the permit office's request (the last test).
    for (const configuration of ['signatory', 'company_identity']) {
      const started = await api(wallet, session, 'POST', '/api/holders/bolagsverket/fetch', {
        credential_configuration_id: configuration,
      });
      expect(started.status).toBe(201);
      await finishHolderFetch(
        wallet,
        started.body.authorization_url,
        karin,
        new TestBrowser(wallet, session.cookie),
      );
    }
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('edits the company profile, shares it with a body and withdraws, in Swedish and English', async () => {
    const context = await browser.newContext({ viewport: narrow, bypassCSP: true, locale: 'sv-SE' });
    const page = await context.newPage();
    try {
      await signInToWallet(page, system.wallet.baseUrl, karin);
      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mer' }).click();
      await page.getByRole('link', { name: 'Företagets kontaktuppgifter' }).click();
      await page.getByRole('heading', { name: 'Företagets kontaktuppgifter', level: 1 }).waitFor();
      await expectAccessible(page);
      await page.getByRole('link', { name: /Berg & Haddad Konsult AB/ }).click();
      await page.getByRole('heading', { name: 'Berg & Haddad Konsult AB', level: 1 }).waitFor();
      await page.getByText('Företaget delar inte uppgifterna med någon.').waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);

      const official = page.getByRole('group', { name: 'Adress för myndighetspost' });
      await official.getByLabel('Gatuadress').fill('Box 17');
      await official.getByLabel('Postnummer').fill('123 21');
      await official.getByLabel('Ort').fill('Exempelby');
      await page.getByLabel('E-postadress').fill('info@berghaddad.example');
      await page.getByLabel('Telefonnummer').fill('+46 70 123 45 67');
      await page.getByRole('button', { name: 'Spara' }).click();
      await page.getByText('Sparat. Version 1.').waitFor();
      await page.getByText(/skrivs under med företagets nyckel/).waitFor();

      const share = page.locator('form.company-share');
      await share.getByLabel('Exempelby kommun', { exact: true }).check();
      await share.getByRole('button', { name: 'Dela' }).click();
      await page.getByText('Delat med Exempelby kommun.').waitFor();
      const permission = page.locator('.company-permissions li').filter({ hasText: 'Exempelby kommun' });
      // Delivered: the body holds version 1, signed by the company key.
      for (let until = Date.now() + 60_000; ;) {
        await page.reload();
        if (await permission.getByText('Senast skickad version 1').count()) break;
        if (Date.now() > until) throw new Error('timed out waiting for the delivery');
        await page.waitForTimeout(250);
      }
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
      await shoot(page, 'representation-wallet-company-profile');

      await permission.getByRole('button', { name: /^Återkalla/ }).click();
      await page.getByText('Samtycket till Exempelby kommun är återkallat.').waitFor();
      await permission.getByText('Återkallat').waitFor();
      await expectAccessible(page);

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Standing permissions' }).waitFor();
      await page.getByText('Withdrawn', { exact: true }).waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
      const row = await system.wallet.ctx.store.findCompanyProfile(bergHaddad);
      expect(row!.version).toBe(1);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('shares the company profile with the permit office from the consent screen, under a standing permission of the company', async () => {
    const asked = await postJson(
      `${system.verifier.url}/api/presentation-requests`,
      { template: 'company_permit' },
      { authorization: `Bearer ${system.verifier.apiKeys['municipality-permits']}` },
    );
    expect(asked.status).toBe(201);
    const context = await browser.newContext({ viewport: narrow, bypassCSP: true, locale: 'sv-SE' });
    const page = await context.newPage();
    try {
      const wallet = system.wallet.baseUrl;
      // Saved by the test before; saved here when this one runs alone.
      if (!(await system.wallet.ctx.store.findCompanyProfile(bergHaddad))) {
        const session = await signIn(wallet, karin);
        const saved = await api(wallet, session, 'PUT', `/api/companies/${bergHaddad}/profile`, {
          profile_version: 0,
          address: null,
          official_mail_address: null,
          emails: [{ address: 'info@berghaddad.example' }],
          phones: [],
          preferred_language: null,
        });
        expect(saved.status).toBe(200);
      }
      await signInToWallet(page, wallet, karin);
      await page.goto(`${wallet}/present?request=${encodeURIComponent(asked.body.openid4vp_url)}`);
      await page.getByLabel('Jag företräder').selectOption({ label: 'Berg & Haddad Konsult AB (företag)' });
      await page.getByText('Kontaktuppgifter för Berg & Haddad Konsult AB').first().waitFor();
      // What is shared, whose permission it is and whose key signs the updates.
      await page
        .getByText(/Adress för myndighetspost/)
        .first()
        .waitFor();
      await page.getByText(/hör till företaget, inte till dig/).waitFor();
      await page.getByLabel(/Dela nu och skicka framtida ändringar/).check();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);

      // In English too; the answer goes from there.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText(/belongs to the company, not to you/).waitFor();
      // The choice is made again after switching language (the screen starts over).
      await page.getByLabel(/Share now and send future changes/).check();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Approve and send' }).click();
      await page
        .getByRole('status')
        .getByText('Standing permission granted for the company.', { exact: false })
        .waitFor();
      await expectAccessible(page);
      const result = await readPresentationResult(system.verifier, 'municipality-permits', asked.body.id);
      // Två i förening: waiting for Samir; the profile passed its check.
      expect(result.body.status).toBe('pending_second_signatory');
      expect(
        result.body.checks.find((c: { name: string }) => c.name === 'company_profile_subject'),
      ).toMatchObject({ passed: true });
      const permissions = await system.wallet.ctx.permissions.listActivePermissions(
        `company:${bergHaddad}`,
        system.wallet.ctx.db.dataSource.manager,
      );
      expect(permissions.map((p) => p.clientId)).toEqual([expect.stringMatching(/municipality-permits$/)]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('tells a second signatory whose decline came after the application was decided that it was not taken', async () => {
    const auth = { authorization: `Bearer ${system.verifier.apiKeys['municipality-permits']}` };
    const wallet = system.wallet.baseUrl;
    // Karin applies for Berg & Haddad through the API; the permit office asks Samir twice.
    const karinSession = await signIn(wallet, karin);
    const asked = await postJson(
      `${system.verifier.url}/api/presentation-requests`,
      { template: 'company_permit' },
      auth,
    );
    const shown = await api(wallet, karinSession, 'POST', '/api/presentation-requests', {
      request: asked.body.openid4vp_url,
    });
    const bh = shown.body.credential_queries
      .find((q: any) => q.id === 'signatory')
      .matches.find((m: any) => m.acts_for?.name === 'Berg & Haddad Konsult AB').acts_for.id;
    const applied = await api(
      wallet,
      karinSession,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'approve',
        acting_for: bh,
      },
    );
    expect(applied.body.delivered).toBe(true);
    const ask = () =>
      postJson(
        `${system.verifier.url}/api/presentation-requests/${asked.body.id}/second-signatory`,
        {
          personal_identity_number: samir,
          title: 'Ansökan om serveringstillstånd',
          document: { media_type: 'application/json', content: { arende: 'Serveringstillstånd' } },
        },
        auth,
      );
    const [one, other] = [await ask(), await ask()];
    expect(other.status).toBe(201);
    // Samir declines the first in his wallet: the application is refused.
    const samirSession = await signIn(wallet, samir);
    const opened = await api(wallet, samirSession, 'POST', '/api/presentation-requests', {
      request: one.body.openid4vp_url,
    });
    const declined = await api(
      wallet,
      samirSession,
      'POST',
      `/api/presentation-requests/${opened.body.id}/response`,
      {
        decision: 'decline',
      },
    );
    expect(declined.body.delivered).toBe(true);
    expect(
      (await readPresentationResult(system.verifier, 'municipality-permits', asked.body.id)).body.status,
    ).toBe('rejected');

    // The other request, in the browser: his Neka is not taken, and the screen says so.
    const context = await browser.newContext({ viewport: narrow, bypassCSP: true, locale: 'sv-SE' });
    const page = await context.newPage();
    try {
      await signInToWallet(page, wallet, samir);
      await page.goto(`${wallet}/present?request=${encodeURIComponent(other.body.openid4vp_url)}`);
      await page.getByRole('button', { name: 'Neka' }).click();
      await page
        .getByRole('status')
        .getByText('Du nekade, men mottagaren tog inte emot ditt svar.', { exact: false })
        .waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(narrow.width);
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  }, 180_000);
});
