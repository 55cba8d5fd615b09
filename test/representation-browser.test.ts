import type { Browser } from 'playwright-core';
import type { TestEid } from '@min-profil/eid/testing/start-test-eid';
import { authorizeUrl, createPkce, pushAuthorizationRequest } from '../issuer/test/wallet-client.js';
import { testEidForIssuer } from './issuer-test-eid.js';
import { expectAccessible, launchChromium, pageWidth, shoot } from './system/browser.js';
import { startVerifierWorld, type VerifierWorld } from './verifier-helpers.js';

const walletRedirect = 'http://127.0.0.1:9/wallet/callback';
const walletClient = {
  clientId: 'wallet-under-test',
  name: { sv: 'Testplånboken', en: 'The test wallet' },
  redirectUris: [walletRedirect],
  source: 'configuration' as const,
};

/**
 * The pages of issue #21 in a real browser at 320 px: Mina ombud's consent page, where a person
 * lets the wallet manage their powers of attorney, and the municipality's permit page, which
 * asks for a signatory and the company. No serious or critical axe-core violations, no
 * horizontal scrolling, Swedish first and English one click away.
 */
describe('representation pages in a browser', () => {
  let world: VerifierWorld;
  let eid: TestEid;
  let browser: Browser;
  beforeAll(async () => {
    world = await startVerifierWorld('sqlite', {
      consumers: ['municipality-permits'],
      issuer: {
        walletClients: [walletClient],
        eid: testEidForIssuer('sqlite', (started) => (eid = started)),
      },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
    await eid?.close();
  });

  it("Mina ombud's consent page for managing powers of attorney, in Swedish and English", async () => {
    const pushed = await pushAuthorizationRequest(world.issuer.baseUrl, 'ombud', {
      response_type: 'code',
      client_id: walletClient.clientId,
      redirect_uri: walletRedirect,
      code_challenge: createPkce().challenge,
      code_challenge_method: 'S256',
      scope: 'mandates',
    });
    expect(pushed.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(
      authorizeUrl(world.issuer.baseUrl, 'ombud', walletClient.clientId, pushed.body.request_uri),
    );
    expect(await page.textContent('h1')).toBe('Hantera dina fullmakter');
    expect(await page.textContent('main')).toContain('Ge fullmakter, visa dem och återkalla dem');
    expect(await page.textContent('#recipient')).toBe('Testplånboken');
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await shoot(page, 'representation-ombud-consent');

    await page.click('button[name="lang"]');
    await page.waitForSelector('html[lang="en"]');
    expect(await page.textContent('h1')).toBe('Manage your powers of attorney');
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await context.close();
  });

  it("the municipality's permit page asks for the signatory and the company", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${world.verifier.url}/municipality-permits`);
    expect(await page.textContent('body')).toContain('Firmatecknare');
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await shoot(page, 'representation-company-permit');
    await context.close();
  });
});
