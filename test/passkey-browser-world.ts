import type { Browser, BrowserContext } from 'playwright-core';
import type { DatabaseKind } from '@min-profil/shared/db';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { launchChromium } from './system/browser.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletAndVerifier, wholeDemoTrust } from './wallet-with-verifier.js';

/** What a passkey browser test runs against; filled in before its first test. */
export interface PasskeyBrowserWorld {
  world: WalletWorld;
  verifier: RunningVerifier;
  browser: Browser;
  /** A browser context the test opened, closed with the rest after the last test. */
  keep(context: BrowserContext): void;
}

/**
 * The passkey browser tests' set-up for one describe block: the wallet (at `localhost`, since
 * WebAuthn needs a domain) and the verifier with the whole demo trust, and one Chromium; all of
 * it stopped after the block's last test.
 */
export function passkeyBrowserWorld(kind: DatabaseKind): PasskeyBrowserWorld {
  const contexts: BrowserContext[] = [];
  const set = {
    keep: (context: BrowserContext) => void contexts.push(context),
  } as PasskeyBrowserWorld;
  beforeAll(async () => {
    ({ world: set.world, verifier: set.verifier } = await startWalletAndVerifier(kind, {
      ...wholeDemoTrust,
      walletPublicHost: 'localhost',
    }));
    set.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await set.browser?.close();
    await set.verifier?.stop();
    await set.world?.stop();
  });
  return set;
}
