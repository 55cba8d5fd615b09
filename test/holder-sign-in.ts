import { loginWithTestEid, type LoginWithTestEidOptions } from '@min-profil/shared/testing/eid-login';

/** What the person's browser carries between holders (the eID's single sign-on) and what tests watch. */
type SignInWatch = Pick<LoginWithTestEidOptions, 'jar' | 'onLoginPage' | 'onConsentPage'>;

/**
 * One person's browser, as far as the wallet is concerned: its own cookies for one origin
 * (a real browser keeps them per origin; path scoping is not needed for these tests).
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  /** `cookie`: one `name=value` the browser already has (e.g. a wallet session). */
  constructor(
    private readonly origin: string,
    cookie?: string,
  ) {
    if (cookie) this.cookies.set(cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1));
  }

  /** GET without following redirects, sending and keeping this browser's cookies. */
  async open(url: string): Promise<Response> {
    const sameOrigin = new URL(url).origin === this.origin;
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      redirect: 'manual',
      headers: sameOrigin && cookie ? { cookie } : {},
    });
    if (sameOrigin) {
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq).trim();
        const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
        if (expired) this.cookies.delete(name);
        else this.cookies.set(name, pair!.slice(eq + 1).trim());
      }
    }
    return response;
  }

  /** Follows redirects while they stay on this origin; returns the first URL elsewhere. */
  async followToOtherOrigin(url: string): Promise<string> {
    let next = url;
    for (let i = 0; i < 5 && new URL(next).origin === this.origin; i++) {
      const response = await this.open(next);
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) throw new Error(`${next} answered ${response.status} without a redirect`);
      next = new URL(location, next).href;
    }
    return next;
  }
}

/** At the holder: the person signs in with the test eID; returns the wallet callback URL. */
export async function signInAtHolder(
  holderUrl: string,
  identityNumber: string,
  watch: SignInWatch = {},
): Promise<string> {
  // Through the holder's consent page (Fortsätt), the eID sign-in and the holder's callback.
  return loginWithTestEid({ authorizationUrl: holderUrl, identityNumber, ...watch });
}

/**
 * A holder fetch the way a person does it in one browser: opens the wallet's start link,
 * signs in at the holder, and comes back to the wallet's callback in the same browser.
 */
export async function finishHolderFetch(
  walletUrl: string,
  startUrl: string,
  identityNumber: string,
  browser = new TestBrowser(walletUrl),
  watch: SignInWatch = {},
): Promise<Response> {
  const holderUrl = await browser.followToOtherOrigin(startUrl);
  const callback = await signInAtHolder(holderUrl, identityNumber, watch);
  return browser.open(callback);
}

/**
 * What a failed holder fetch left for the page it returns to: the wallet's callback sets it in a
 * short-lived cookie and redirects to the clean `return_to`, so the address carries no error.
 */
export function fetchOutcome(response: Response): { error: string; error_description: string } | undefined {
  const location = response.headers.get('location');
  if (location && /[?&]error(_description)?=/.test(location)) {
    throw new Error(`the redirect carries an error in its address: ${location}`);
  }
  const name = 'min_profil_fetch_outcome=';
  const line = response.headers.getSetCookie().find((c) => c.startsWith(name));
  if (!line) return undefined;
  return JSON.parse(decodeURIComponent(line.split(';')[0]!.slice(name.length))) as {
    error: string;
    error_description: string;
  };
}
