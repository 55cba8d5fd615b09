import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { caTrustAnchor, initCa } from '@min-profil/shared/pki/ca-commands';
import { caPublicationRouter } from '@min-profil/shared/pki/ca-publication';
import { demoRegistrar } from '@min-profil/shared/registration/issue-registration-certificates';
import { registrationCertificateClaims } from '@min-profil/shared/registration/registration-certificate-claims';
import { signRegistrationCertificate } from '@min-profil/shared/registration/sign-registration-certificate';
import { memoryRegistrationCertificates } from '../verifier/src/consumers/registration-certificates.js';
import { expectAccessible, launchChromium, signInToWallet } from './system/browser.js';
import { createPresentationRequest } from './verifier-helpers.js';
import { startWalletWithVerifier, type WalletWithVerifier } from './wallet-with-verifier.js';

/**
 * The consent screen shows the asker's registration certificate (verifier_info): registered
 * name, intended use and privacy policy, in Swedish by default; and when the certificate says
 * more than the trust list registers, the warning that the list is what counts.
 */
describe('the registration certificate on the consent screen in a browser', () => {
  let setting: WalletWithVerifier;
  let caServer: Server;
  let caDir: string;
  let browser: Browser;
  let page: Page;
  const certificates = memoryRegistrationCertificates();

  beforeAll(async () => {
    caDir = mkdtempSync(join(tmpdir(), 'rc-browser-ca-'));
    caServer = express().use('/ca', caPublicationRouter(caDir)).listen(0, '127.0.0.1');
    await new Promise((resolve) => caServer.once('listening', resolve));
    await initCa({
      dir: caDir,
      crlUri: `http://127.0.0.1:${(caServer.address() as AddressInfo).port}/ca/crl`,
    });
    setting = await startWalletWithVerifier('sqlite', { x509TrustAnchors: [{ ...caTrustAnchor(caDir) }] });
    setting.verifier.ctx.registrationCertificates = certificates;
    browser = await launchChromium();
    const context = await browser.newContext({ bypassCSP: true, locale: 'sv-SE' });
    page = await context.newPage();
    await signInToWallet(page, setting.world.wallet.baseUrl, '191212121212');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await setting?.stop();
    caServer?.close();
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  });

  async function certify(extraClaims: string[][] = []) {
    const insurer = setting.world.trustList.consumers.find((c) => c.id === 'insurer')!;
    const registration = insurer.registrations[0]!;
    const registrar = await demoRegistrar(caDir, { host: 'registrar.example' });
    certificates.set('insurer', [
      await signRegistrationCertificate({
        claims: registrationCertificateClaims(
          insurer,
          {
            ...registration,
            credentials: registration.credentials.map((c) => ({
              ...c,
              claims: [...c.claims, ...extraClaims],
            })),
          },
          { privacyPolicy: 'https://insurer.example/integritet' },
        ),
        registrarPrivateJwk: registrar.privateJwk,
        registrarX5c: registrar.x5c,
      }),
    ]);
  }

  async function open() {
    const created = await createPresentationRequest(setting.verifier, 'insurer', {
      template: 'unemployment_claim',
    });
    await page.goto(
      `${setting.world.wallet.baseUrl}/present?request=${encodeURIComponent(created.body.openid4vp_url)}`,
    );
    await page.getByRole('heading', { name: 'Registreringsintyg' }).waitFor();
  }

  it('shows the registered name, intended use and privacy policy', async () => {
    await certify();
    await open();
    await page.getByText('Registrerat namn: Trygga Försäkringar').waitFor();
    await page.getByText('Avsedd användning: Pröva rätt till ersättning').waitFor();
    expect(await page.getByRole('link', { name: 'Integritetspolicy' }).getAttribute('href')).toBe(
      'https://insurer.example/integritet',
    );
    expect(await page.getByText('stämmer inte med förtroendelistan').count()).toBe(0);
    await expectAccessible(page);
  });

  it('says when the certificate and the trust list disagree', async () => {
    await certify([['personal_identity_number']]);
    await open();
    await page.getByText('Det är förtroendelistans registrering som gäller').waitFor();
    await expectAccessible(page);
  });
});
