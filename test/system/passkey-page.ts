import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type { WalletContext } from '../../wallet/src/context.js';
import { openDirectSession } from '../../wallet/test/direct-session.js';

/**
 * The wallet page's passkey code (wallet/web/src/passkeys) bundled for a test page, exposed as
 * `globalThis.passkeys`: the browser tests run the real page code in real Chromium.
 */
export async function bundlePasskeyCode(): Promise<string> {
  const input = fileURLToPath(new URL('./passkey-page-entry.js', import.meta.url));
  const bundle = await rolldown({ input, logLevel: 'silent' });
  const { output } = await bundle.generate({ format: 'iife', name: 'passkeys', sourcemapIgnoreList: false });
  await bundle.close();
  return output[0].code;
}

/**
 * A Chromium virtual authenticator (DevTools protocol, WebAuthn domain): a platform
 * authenticator with user verification that answers by itself, with or without PRF.
 */
export async function addVirtualAuthenticator(
  context: BrowserContext,
  page: Page,
  options: { hasPrf: boolean },
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf: options.hasPrf,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/**
 * Where every passkey browser test starts: a new browser context signed in to the wallet as the
 * person (a direct session's cookie), its page at `path` on the wallet's origin, and a virtual
 * authenticator with or without PRF. The caller closes the context.
 */
export async function openPasskeyPage(
  browser: Browser,
  wallet: { ctx: WalletContext; baseUrl: string },
  identityNumber: string,
  options: { path: string; hasPrf: boolean; locale?: string },
): Promise<{
  session: Awaited<ReturnType<typeof openDirectSession>>;
  context: BrowserContext;
  page: Page;
  authenticator: Awaited<ReturnType<typeof addVirtualAuthenticator>>;
}> {
  const session = await openDirectSession(wallet.ctx, identityNumber);
  const context = await browser.newContext({
    bypassCSP: true,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const [name, value] = session.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: wallet.baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${wallet.baseUrl}${options.path}`);
  const authenticator = await addVirtualAuthenticator(context, page, { hasPrf: options.hasPrf });
  return { session, context, page, authenticator };
}
