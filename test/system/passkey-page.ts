import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

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
