import type { Page } from 'playwright-core';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import { continueAtHolder, expectAccessible, pageWidth, signInAtEid } from './system/browser.js';
import { openPasskeyPage } from './system/passkey-page.js';
import { passkeyBrowserWorld } from './passkey-browser-world.js';

const samir = '198806244417';

/** The eID may remember the person's earlier sign-in (single sign-on); otherwise it asks again. */
async function signInAgainIfAsked(page: Page, done: string): Promise<void> {
  const form = page.locator('#identity_number');
  const saved = page.getByText(done).first();
  await Promise.race([form.waitFor({ timeout: 60_000 }), saved.waitFor({ timeout: 60_000 })]).catch(
    () => undefined,
  );
  if (await form.isVisible()) await signInAtEid(page, samir);
  await saved.waitFor({ timeout: 60_000 });
}

/**
 * Issue 25 in Chromium: a person whose credential was fetched with service-held keys adds a
 * passkey in the settings screen, which then lists that credential as bound to the service's
 * keys with "Hämta igen". Fetched again from its holder, the new copy is bound to keys made in
 * the page and replaces the old one, whose service-held keys are deleted.
 */
describe.each(testDatabaseKinds())('moving to passkey keys in the browser on %s', (kind) => {
  const set = passkeyBrowserWorld(kind);

  it('the settings screen offers to fetch service-bound credentials again; the new copy replaces the old', async () => {
    const wallet = set.world.wallet.baseUrl;
    const ctx = set.world.wallet.ctx;
    const opened = await openPasskeyPage(set.browser, set.world.wallet, samir, {
      path: '/holders',
      hasPrf: true,
      locale: 'sv-SE',
    });
    set.keep(opened.context);
    const { page, session } = opened;

    // Before the passkey: fetched with keys the service holds.
    await page.getByRole('button', { name: 'Hämta: Uppehållstillstånd' }).click({ timeout: 30_000 });
    await continueAtHolder(page, 'Min profil plånbok');
    await signInAtEid(page, samir);
    await page.getByText('Intyget är sparat.').first().waitFor({ timeout: 60_000 });
    let account = (await ctx.store.findAccount(session.accountId))!;
    const [old] = await ctx.store.listCredentials(account.id, ['stored']);
    const oldKids = openSealed(ctx, account, old!).copies.map((c) => c.kmsKid);
    expect(oldKids.every((kid) => typeof kid === 'string')).toBe(true);

    await page.goto(`${wallet}/settings`);
    await page.getByLabel('Namn på nyckeln').fill('Min telefon');
    await page.getByRole('button', { name: 'Lägg till nyckel' }).click();
    await page.getByText('Nyckeln är tillagd.').waitFor({ timeout: 30_000 });
    const fetchAgain = page.getByRole('button', { name: 'Hämta igen Uppehållstillstånd' });
    await fetchAgain.waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Intyg bundna till tjänstens nycklar' }).waitFor();
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 320, height: viewport?.height ?? 640 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await expectAccessible(page);
    if (viewport) await page.setViewportSize(viewport);

    await fetchAgain.click();
    await continueAtHolder(page, 'Min profil plånbok');
    await signInAgainIfAsked(page, 'Det gamla intyget, bundet till tjänstens nycklar, är borttaget.');
    expect(new URL(page.url()).search).toBe('');
    await expectAccessible(page);

    account = (await ctx.store.findAccount(session.accountId))!;
    expect(account.keyProtection).toBe('passkey');
    const stored = await ctx.store.listCredentials(account.id, ['stored']);
    expect(stored.map((r) => r.configurationId)).toEqual(['residence_permit']);
    expect(stored[0]!.id).not.toBe(old!.id);
    for (const copy of openSealed(ctx, account, stored[0]!).copies) {
      expect(copy.kmsKid).toBeUndefined();
      expect(await ctx.store.findWrappedKey(account.id, copy.keyId!)).not.toBeNull();
    }
    for (const kid of oldKids) await expect(ctx.keys.agent.keyManagerGet({ kid: kid! })).rejects.toThrow();

    // Nothing is left to move: the settings screen no longer lists any.
    await page.goto(`${wallet}/settings`);
    await page.getByText('Min telefon', { exact: false }).first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole('heading', { name: 'Intyg bundna till tjänstens nycklar' }).count()).toBe(0);
  }, 300_000);
});
