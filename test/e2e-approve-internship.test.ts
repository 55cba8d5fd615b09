import type { Browser } from 'playwright-core';
import { internshipAgreementPdf } from '@min-profil/shared/openid4vp/demo-documents';
import { createOffer } from '../issuer/test/wallet-client.js';
import { api, tokenSession } from '../wallet/test/wallet-api.js';
import { readApprovalResult, verifyReceipt } from './approval-helpers.js';
import { expectAccessible, launchChromium, pageWidth, shoot, signInToWallet } from './system/browser.js';
import { startSystem, type RunningSystem } from './system/start-system.js';

const tolvan = '191212121212';

/**
 * Story 6 in a real browser: Arbetsförmedlingen's internship service sends Tolvan an internship
 * agreement (a PDF) to approve; Tolvan opens it in the wallet, reads it, sees who asks and what
 * goes with the approval, approves, and finds it among the approved documents. The service gets
 * a receipt that checks out against the stored evidence.
 */
describe('approving the internship agreement in a browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  beforeAll(async () => {
    system = await startSystem('sqlite');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('Tolvan reads the agreement, approves it, and af-praktik holds a verifiable receipt', async () => {
    const wallet = system.wallet.baseUrl;
    // Tolvan already holds the registered address from Skatteverket (fetched as in story 1).
    const token = await tokenSession(wallet, tolvan);
    const offer = await createOffer(system.issuer.baseUrl, system.issuer.apiKey, 'skatteverket', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['registered_address'],
      tx_code: false,
    });
    const received = await api(wallet, token, 'POST', '/api/credential-offers', {
      offer: offer.body.offer_link,
    });
    await api(wallet, token, 'POST', `/api/credential-offers/${received.body.id}/accept`);

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
      locale: 'sv-SE',
    });
    const page = await context.newPage();
    await signInToWallet(page, wallet, tolvan);

    // af-praktik's page asks for the approval; the same-device link opens the wallet on it.
    await page.goto(`${system.verifier.url}/af-praktik/approve`);
    await page.getByRole('heading', { name: 'Godkänn ditt praktikavtal' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Öppna i plånboken' }).click();
    await page.getByRole('heading', { name: 'Dokument att godkänna: Godkänn ditt praktikavtal' }).waitFor();
    await expect(page.getByText('Registrerad mottagare').isVisible()).resolves.toBe(true);
    await expect(
      page
        .getByText('Plånboken har kontrollerat att dokumentet är exakt det som mottagaren ber dig godkänna.')
        .isVisible(),
    ).resolves.toBe(true);
    // The agreement itself: its text to read first, the PDF as a link (no frame to tab through).
    expect(await page.locator('iframe').count()).toBe(0);
    const link = page.getByRole('link', { name: 'Öppna dokumentet (PDF)' });
    const pdf = await page.request.get(`${wallet}${await link.getAttribute('href')}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).equals(internshipAgreementPdf())).toBe(true);
    const text = page.locator('.document-text');
    await expect(text.getByText('Praktikplats: Norrlands Bygg AB, Umeå').isVisible()).resolves.toBe(true);
    await expect(text.getByText('Handledare: Eva Strand, platschef').isVisible()).resolves.toBe(true);
    // The checksum is technical: behind "Tekniska detaljer".
    expect(await page.getByText('Kontrollsumma (SHA-256)').isVisible()).toBe(false);
    // What goes with the approval.
    const offered = await page.locator('.claim-choices label .claim-label').allTextContents();
    expect(offered).toEqual(['Förnamn', 'Efternamn', 'Personnummer']);
    await expectAccessible(page);
    await shoot(page, '09-approve-document');

    await page.getByRole('button', { name: 'Godkänn dokumentet och dela' }).click();
    await page.getByText('Uppgifterna är skickade.').waitFor();
    await page.getByRole('link', { name: 'Fortsätt till mottagaren' }).click();

    // Back at af-praktik: who approved, from verified data, and the receipt.
    await page.waitForFunction(
      () => (globalThis as any).document.getElementById('f-receipt')?.value !== '',
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.inputValue('#f-registered_address-given_name')).toBe('Tolvan');
    expect(await page.inputValue('#f-registered_address-personal_identity_number')).toBe(tolvan);
    await expectAccessible(page);
    await shoot(page, '10-approval-receipt');
    const receiptId = await page.inputValue('#f-receipt');
    const checked = (await (
      await fetch(`${system.verifier.url}/api/approval-receipts/${receiptId}`)
    ).json()) as Record<string, any>;
    expect(checked).toMatchObject({ valid: true, title: 'Godkänn ditt praktikavtal' });
    const result = await readApprovalResult(system.verifier, 'af-praktik', checked.approval_request_id);
    expect(result.body.status).toBe('verified');
    expect(result.body.checks).toContainEqual(
      expect.objectContaining({ name: 'transaction_data', passed: true }),
    );
    expect((await verifyReceipt(system.verifier, result.body.approval.receipt)).body).toMatchObject({
      valid: true,
      receipt: { approver: { registered_address: [expect.objectContaining({ given_name: 'Tolvan' })] } },
    });

    await page.goto(`${wallet}/`);
    // Tolvan finds the approved agreement, kept encrypted in the wallet, under Mer.
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mer' }).click();
    await page.getByRole('link', { name: 'Godkända dokument' }).click();
    await page.getByRole('heading', { name: 'Godkända dokument' }).waitFor();
    await page.getByRole('heading', { name: 'Godkänn ditt praktikavtal' }).waitFor();
    await expectAccessible(page);
    await shoot(page, '11-approved-documents');

    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto(`${wallet}/approvals`);
    await page.locator('main h1').waitFor();
    expect(await pageWidth(page)).toBe(320);
    await context.close();
  }, 120_000);
});
