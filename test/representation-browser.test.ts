import type { Browser } from 'playwright-core';
import type { TestEid } from '@min-profil/eid/testing/start-test-eid';
import { authorizeUrl, createPkce, pushAuthorizationRequest } from '../issuer/test/wallet-client.js';
import { testEidForIssuer } from './issuer-test-eid.js';
import { expectAccessible, launchChromium, pageWidth, shoot } from './system/browser.js';
import { startVerifierWorld, type VerifierWorld } from './verifier-helpers.js';
import { obtainEach } from './representation-helpers.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';

const karin = '197011082232';
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

  it("the municipality's permit page asks for the signatory and the company, and says when a second signatory is needed", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${world.verifier.url}/municipality-permits`);
    expect(await page.textContent('body')).toContain('Firmatecknare');
    await expectAccessible(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(320);
    await shoot(page, 'representation-company-permit');

    // Karin answers for Berg & Haddad Konsult AB, which signs två i förening.
    const credentials = {
      signatory: (await obtainEach(world.issuer, 'bolagsverket', karin, 'signatory')).find(
        (c) => c.claims.org_number === '556934-5670',
      )!,
      company_identity: (await obtainEach(world.issuer, 'bolagsverket', karin, 'company_identity')).find(
        (c) => c.claims.org_number === '556934-5670',
      )!,
    };
    const openid4vp = await page.getAttribute('a[href^="openid4vp://"]', 'href');
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: openid4vp!,
      trustList: world.trustList,
    });
    const vpToken: Record<string, string[]> = {};
    for (const [id, issued] of Object.entries(credentials)) {
      vpToken[id] = [
        await presentCredential({
          credential: issued.credential,
          holderPrivateKey: issued.holderKey.privateKey,
          request,
          disclose: discloseRequested(request, id),
        }),
      ];
    }
    expect(
      (await postResponse(request.response_uri, { vp_token: vpToken, state: request.state })).status,
    ).toBe(200);
    await page.waitForFunction(
      () => (globalThis as any).document.getElementById('f-signatory-org_number').value === '556934-5670',
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.textContent('#status')).toContain('väntar på den andra firmatecknaren');
    await expectAccessible(page);
    // The page's log names the outcome in words.
    await page.goto(`${world.verifier.url}/municipality-permits/log`);
    expect(await page.textContent('body')).toContain('Väntar på andra firmatecknaren');
    await expectAccessible(page);
    await context.close();
  });
});
