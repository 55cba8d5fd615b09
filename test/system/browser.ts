import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

const baseArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium test/system/global-setup.js chose (CHROMIUM_PATH, Debian's, or the one
 * @sparticuz/chromium ships, with that build's own flags in CHROMIUM_ARGS): playwright-core
 * cannot download a browser here.
 */
export function launchChromium(): Promise<Browser> {
  const packagedArgs: string[] = process.env.CHROMIUM_ARGS ? JSON.parse(process.env.CHROMIUM_ARGS) : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...new Set([...packagedArgs, ...baseArgs])],
  });
}

/** axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run((globalThis as any).document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target?.join(' ')}`);
  });
}

export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
}

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the screenshots in docs/screenshots.
const screenshotDir =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(process.cwd(), 'docs', 'screenshots') : undefined;

/** A full-page picture for the README, only when screenshots are being refreshed. */
export async function shoot(page: Page, name: string): Promise<void> {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** No serious or critical axe violations on the page as it is now (the URL names the screen). */
export async function expectAccessible(page: Page): Promise<void> {
  expect({ url: page.url(), violations: await seriousAxeViolations(page) }).toEqual({
    url: page.url(),
    violations: [],
  });
}

/** Focus is on an element whose text contains `text`, not on <body> (waits for it a while). */
export async function expectFocusOn(page: Page, text: string): Promise<void> {
  await page
    .waitForFunction(
      (wanted) => ((globalThis as any).document.activeElement?.textContent ?? '').includes(wanted),
      text,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  const focused = await page.evaluate((wanted) => {
    const doc = (globalThis as any).document;
    const active = doc.activeElement;
    const withText = [...doc.querySelectorAll('[tabindex], a, button, input, select, textarea')].find(
      (element: any) => (element.textContent ?? '').includes(wanted),
    );
    return {
      tag: active?.tagName as string,
      text: (active?.textContent ?? '') as string,
      pageHasFocus: doc.hasFocus() as boolean,
      withText: (withText?.outerHTML ?? 'none').slice(0, 160) as string,
    };
  }, text);
  if (focused.tag === 'BODY' || !focused.text.includes(text)) {
    // Say where focus is instead, so a failure on a loaded machine can be told from a bug.
    throw new Error(
      `focus is on <${focused.tag}> "${focused.text.slice(0, 80)}", not on "${text}" ` +
        `(the page has focus: ${focused.pageHasFocus}; the focusable element with that text: ${focused.withText})`,
    );
  }
}

/** The test eID's sign-in form, as a person fills it in. */
export async function signInAtEid(page: Page, identityNumber: string): Promise<void> {
  await page.waitForSelector('#identity_number');
  await page.fill('#identity_number', identityNumber);
  await page.click('button.primary');
}

/**
 * The data holder's own page before its eID sign-in: it names the wallet that will receive the
 * credential. Checked for accessibility and for 320 px, then answered with Fortsätt.
 */
export async function continueAtHolder(page: Page, walletName: string): Promise<void> {
  await page.getByRole('heading', { name: 'Hämta intyg' }).waitFor();
  expect(await page.locator('#recipient').textContent()).toBe(walletName);
  await expectAccessible(page);
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: viewport?.height ?? 640 });
  expect(await pageWidth(page)).toBeLessThanOrEqual(320);
  if (viewport) await page.setViewportSize(viewport);
  await page.getByRole('button', { name: 'Fortsätt' }).click();
}

/** Opens the wallet and signs in there with the test eID, as the person does. */
export async function signInToWallet(page: Page, walletUrl: string, identityNumber: string): Promise<void> {
  await page.goto(`${walletUrl}/`);
  await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click();
  await signInAtEid(page, identityNumber);
  await page.getByRole('heading', { name: 'Hem', level: 1 }).waitFor();
}
