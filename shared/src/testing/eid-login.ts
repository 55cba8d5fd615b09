/**
 * Signs a synthetic person in at the test eID provider without a browser, for other
 * services' tests: follows redirects by hand (`redirect: 'manual'`), keeps cookies in a small
 * jar (one browser), and submits the forms a person would. It may start at the eID provider,
 * or at a data holder's authorization endpoint: then it first answers the holder's consent
 * page (the page naming the wallet that receives the credential) with Fortsätt, or with
 * Avbryt when `consent: 'cancel'`, follows on to the eID provider, and back to the holder's
 * eID callback in the same jar (the holder binds the eID step to the browser that consented).
 * It stops at the first redirect that leaves the eID provider's origin, or, when it started at
 * a holder, the holder's (normally the client's redirect_uri with `code` and `state`, or
 * `error`), or at the consent page's own redirect when the person cancels.
 *
 *   const callbackUrl = await loginWithTestEid({ authorizationUrl: request.url, identityNumber: '191212121212' });
 */
export interface LoginWithTestEidOptions {
  authorizationUrl: string;
  /** 12 digits (a hyphen is accepted), one of the demo people. */
  identityNumber: string;
  /** Gives up after this many requests; 20 by default. */
  maxRequests?: number;
  /** What to answer on a data holder's consent page; `continue` by default. */
  consent?: 'continue' | 'cancel';
  /** Called with the consent page's HTML, when there is one (tests read what it names). */
  onConsentPage?: (html: string) => void;
  /** Called with the holder's eID callback URL before this browser opens it (tests replay it elsewhere). */
  onHolderCallback?: (url: string) => Promise<void>;
  /** One browser's cookies kept across sign-ins (the eID provider's single sign-on); a new jar by default. */
  jar?: TestCookieJar;
  /** Called each time the eID login form is shown (tests count whether single sign-on skipped it). */
  onLoginPage?: () => void;
}

export async function loginWithTestEid(options: LoginWithTestEidOptions): Promise<string> {
  // Until a consent page was answered, the origin we are on is the provider's (a test may
  // start at the eID provider); after it, the provider is wherever the holder sends us.
  let providerOrigin = new URL(options.authorizationUrl).origin;
  let consentAnswered = false;
  let leavingHolder = false;
  let holderOrigin: string | undefined;
  const jar = options.jar ?? new TestCookieJar();
  let request: { url: URL; method: 'GET' | 'POST'; body?: URLSearchParams } = {
    url: new URL(options.authorizationUrl),
    method: 'GET',
  };
  let submitted = false;
  const maxRequests = options.maxRequests ?? 20;

  for (let i = 0; i < maxRequests; i++) {
    const response = await fetch(request.url, {
      method: request.method,
      redirect: 'manual',
      headers: {
        accept: 'text/html,application/json',
        ...(jar.header(request.url) ? { cookie: jar.header(request.url) } : {}),
        ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: request.body,
    });
    jar.store(request.url, response.headers.getSetCookie());

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (leavingHolder && next.origin !== providerOrigin) {
        // The holder's consent form answered: on to the eID provider (or back, when cancelled).
        if (options.consent === 'cancel') return next.href;
        providerOrigin = next.origin;
        leavingHolder = false;
      } else if (next.origin === holderOrigin && next.origin !== providerOrigin) {
        // Back from eID to the holder's callback: in this browser, then on to the client.
        await options.onHolderCallback?.(next.href);
        providerOrigin = holderOrigin;
        holderOrigin = undefined;
      } else if (next.origin !== providerOrigin) return next.href;
      request = { url: next, method: 'GET' };
      continue;
    }

    const text = await response.text();
    const consentForm = findConsentForm(text);
    if (response.status === 200 && consentForm && !submitted && !consentAnswered) {
      options.onConsentPage?.(text);
      consentAnswered = true;
      holderOrigin = request.url.origin;
      leavingHolder = true;
      request = {
        url: new URL(consentForm.action, request.url),
        method: 'POST',
        body: new URLSearchParams({
          consent_token: consentForm.token,
          decision: options.consent ?? 'continue',
        }),
      };
      continue;
    }
    const action = findLoginFormAction(text);
    if (response.status === 200 && action && !submitted) {
      options.onLoginPage?.();
      submitted = true;
      request = {
        url: new URL(action, request.url),
        method: 'POST',
        body: new URLSearchParams({ identity_number: options.identityNumber }),
      };
      continue;
    }
    throw new Error(
      `test eID login stopped at ${request.method} ${request.url.pathname}: HTTP ${response.status}: ${pageMessage(text)}`,
    );
  }
  throw new Error(`test eID login did not leave ${providerOrigin} within ${maxRequests} requests`);
}

/** The action of the form that has an `identity_number` field. */
function findLoginFormAction(html: string): string | undefined {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, attributes = '', inner = ''] = match;
    if (!/\bname="identity_number"/.test(inner)) continue;
    const action = /\baction="([^"]*)"/i.exec(attributes)?.[1];
    if (action !== undefined) return decodeEntities(action);
  }
  return undefined;
}

/** A data holder's consent form: the one with the decision buttons and a one-time token. */
function findConsentForm(html: string): { action: string; token: string } | undefined {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, attributes = '', inner = ''] = match;
    if (!/name="decision" value="continue"/.test(inner)) continue;
    const action = /\baction="([^"]*)"/i.exec(attributes)?.[1];
    const token = /name="consent_token" value="([^"]*)"/.exec(inner)?.[1];
    if (action !== undefined && token !== undefined)
      return { action: decodeEntities(action), token: decodeEntities(token) };
  }
  return undefined;
}

/** The alert or first paragraph of an error page, as text, to say why the login stopped. */
function pageMessage(html: string): string {
  const alert = /role="alert"[^>]*>([\s\S]*?)<\/div>/i.exec(html)?.[1];
  const main = /<main[^>]*>([\s\S]*?)<\/main>/i.exec(html)?.[1];
  const text = (alert ?? main ?? html).replace(/<[^>]+>/g, ' ');
  return decodeEntities(text).replace(/\s+/g, ' ').trim().slice(0, 300);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCharCode(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface StoredCookie {
  value: string;
  path: string;
}

/** Just enough of RFC 6265 for one origin: name, value, Path, and deletion by Expires/Max-Age. */
/** One test browser's cookies (shared across ports of one host, as a browser shares them). */
export class TestCookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = defaultPath(url);
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const attributeValue = rest.join('=').trim();
        const lower = key.trim().toLowerCase();
        if (lower === 'path' && attributeValue.startsWith('/')) path = attributeValue;
        if (lower === 'max-age' && Number(attributeValue) <= 0) expired = true;
        if (lower === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
      }
      const key = `${name}\n${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies.entries()]
      .filter(([, cookie]) => pathMatches(url.pathname, cookie.path))
      .sort(([, a], [, b]) => b.path.length - a.path.length)
      .map(([key, cookie]) => `${key.split('\n')[0]}=${cookie.value}`)
      .join('; ');
  }
}

function defaultPath(url: URL): string {
  const path = url.pathname;
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** RFC 6265 §5.1.4. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
