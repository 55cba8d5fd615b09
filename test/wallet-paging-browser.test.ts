import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { dataKeyOf } from '@min-profil/wallet/accounts/accounts';
import { sealJson } from '@min-profil/wallet/crypto/data-keys';
import { credentialAad } from '@min-profil/wallet/credential-offer/store-received';
import { openSealed } from '@min-profil/wallet/credentials/describe-credential';
import { recordEvent } from '@min-profil/wallet/log/record-event';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { expectAccessible, launchChromium, signInToWallet } from './system/browser.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

/**
 * Issue 24: the web app reads "Mina intyg" and the log in pages of 50 and shows the rest on
 * "Visa fler" ("Show more"), with focus on the first one it brought.
 */
describe('the wallet lists credentials and the log in pages in a browser', () => {
  let world: WalletWorld;
  let browser: Browser;
  let token: WalletSession;

  beforeAll(async () => {
    world = await startWalletWorld('sqlite');
    token = await tokenSession(world.wallet.baseUrl, tolvan);
    const offer = await world.offer('af', tolvan, ['registration_certificate'], false);
    const received = await api(world.wallet.baseUrl, token, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
    });
    await api(world.wallet.baseUrl, token, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    // 54 more of the same credential, each sealed again under its own id (a sealed value is
    // bound to its row), a second apart; and 60 log entries beside the issuance.
    const { ctx } = world.wallet;
    const account = (await ctx.store.findAccountByIdentity(tolvan))!;
    const [template] = await ctx.store.listCredentials(account.id, ['stored']);
    const key = dataKeyOf(ctx, account);
    const copies = Array.from({ length: 54 }, (_, i) => {
      const id = randomUUID();
      return {
        ...template!,
        id,
        sealed: sealJson(
          key,
          credentialAad({ id, accountId: account.id }),
          openSealed(ctx, account, template!),
        ),
        createdAt: template!.createdAt - 1 - i,
      };
    });
    await ctx.store.insertCredentials(copies);
    for (let i = 0; i < 60; i++)
      await recordEvent(ctx, {
        accountId: account.id,
        event: 'profile_change',
        counterparty: 'wallet',
        claims: ['email'],
        outcome: 'changed',
      });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  const signedIn = async (locale: 'sv-SE' | 'en-GB') => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      bypassCSP: true,
      locale,
    });
    const page = await context.newPage();
    await signInToWallet(page, world.wallet.baseUrl, tolvan);
    return { context, page };
  };

  const count = (page: Page, list: string, wanted: number) =>
    page.waitForFunction(
      ([selector, n]) => (globalThis as any).document.querySelectorAll(selector).length === n,
      [list, wanted] as const,
      { timeout: 30_000 },
    );

  /** Focus is on the list's item at `index` (the first one "Visa fler" brought). */
  const focusedOn = (page: Page, items: string, index: number) =>
    page.waitForFunction(
      ([selector, i]) => {
        const doc = (globalThis as any).document;
        return doc.activeElement === doc.querySelectorAll(selector)[i];
      },
      [items, index] as const,
      { timeout: 10_000 },
    );

  it('shows 50 credentials, then the other 5 on Visa fler with focus on the first of them', async () => {
    const { context, page } = await signedIn('sv-SE');
    await page.goto(`${world.wallet.baseUrl}/credentials`);
    await count(page, 'ul.card-list > li', 50);
    const more = page.getByRole('button', { name: 'Visa fler intyg' });
    await expectAccessible(page);
    await more.click();
    await count(page, 'ul.card-list > li', 55);
    await focusedOn(page, 'ul.card-list > li', 50);
    await more.waitFor({ state: 'detached' });
    const ids = await page
      .locator('ul.card-list > li a')
      .evaluateAll((links) => links.map((a: any) => a.getAttribute('href')));
    expect(new Set(ids).size).toBe(55);
    await context.close();
  });

  it('shows the log 50 entries at a time, in English too, and keeps the filter while paging', async () => {
    const { context, page } = await signedIn('en-GB');
    await page.evaluate(() => (globalThis as any).localStorage.setItem('lang', 'en'));
    await page.goto(`${world.wallet.baseUrl}/log`);
    await count(page, 'ol.timeline > li', 50);
    await page.getByRole('button', { name: 'Show more log entries' }).click();
    await count(page, 'ol.timeline > li', 61);
    await focusedOn(page, 'ol.timeline > li', 50);
    await expect(page.getByRole('button', { name: 'Show more log entries' }).count()).resolves.toBe(0);

    await page.selectOption('#event', 'profile_change');
    await count(page, 'ol.timeline > li', 50);
    await page.getByRole('button', { name: 'Show more log entries' }).click();
    await count(page, 'ol.timeline > li', 60);
    await context.close();
  });
});
