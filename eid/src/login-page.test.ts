import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEidClient, swedishScopes, type EidClient } from '@min-profil/shared/oidc-rp/index';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startTestEid, type TestEid } from './testing/start-test-eid.js';

const client = {
  client_id: 'verifier',
  client_name: 'Försäkringsbolaget',
  token_endpoint_auth_method: 'none',
  redirect_uris: ['http://127.0.0.1:9/callback'],
};

/** Starts a sign-in and returns the login page's URL and the provider's cookies for it. */
async function openLoginPage(authorizationUrl: string): Promise<{ pageUrl: URL; cookie: string }> {
  const response = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(response.status).toBe(303);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { pageUrl: new URL(response.headers.get('location')!, authorizationUrl), cookie };
}

async function submitNumber(page: { pageUrl: URL; cookie: string }, identityNumber: string, lang = 'sv') {
  return fetch(new URL(`${page.pageUrl.pathname}/login?lang=${lang}`, page.pageUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: page.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ identity_number: identityNumber }),
  });
}

describe.each(testDatabaseKinds())('test eID login page on %s', (kind) => {
  let eid: TestEid;
  let rp: EidClient;
  const newRequest = (extra?: Record<string, string>) =>
    rp.startSignIn({
      redirectUri: client.redirect_uris[0]!,
      scopes: [swedishScopes.naturalPersonNumber],
      extra,
    });

  beforeAll(async () => {
    eid = await startTestEid({ kind, clients: [client] });
    rp = createEidClient({ settings: { issuer: eid.issuer, clientId: client.client_id }, service: 'test' });
  });
  afterAll(async () => {
    await eid?.close();
  });

  it('shows a Swedish page listing the synthetic people with a labelled number field', async () => {
    const page = await openLoginPage((await newRequest()).url);
    const response = await fetch(page.pageUrl, { headers: { cookie: page.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<h1>Logga in med test-eID</h1>');
    expect(html).toContain('Försäkringsbolaget vill att du loggar in.');
    expect(html).toMatch(
      /<label for="person-0">Tolvan Tolvansson\s*<span class="number">personnummer 19121212-1212/,
    );
    expect(html).toContain('samordningsnummer 19920478-1539');
    expect(html).toContain('<label class="text" for="identity_number">');
    expect(html).toContain('>Logga in</button>');
    expect(html).toContain('hreflang="en">In English</a>');
  });

  it('speaks English with ?lang=en or when the client asks for ui_locales=en', async () => {
    const page = await openLoginPage((await newRequest()).url);
    const english = await fetch(`${page.pageUrl.href}?lang=en`, { headers: { cookie: page.cookie } });
    const html = await english.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('>Sign in</button>');

    const byLocale = await openLoginPage((await newRequest({ ui_locales: 'en-GB sv' })).url);
    const localized = await fetch(byLocale.pageUrl, { headers: { cookie: byLocale.cookie } });
    expect(await localized.text()).toContain('<html lang="en">');
  });

  it('does not let an unknown person number sign in, and says so in Swedish', async () => {
    const page = await openLoginPage((await newRequest()).url);
    const response = await submitNumber(page, '194001011230');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Det finns ingen testperson med det numret.');
    expect(html).toContain('aria-invalid="true"');
    await expect(
      loginWithTestEid({ authorizationUrl: (await newRequest()).url, identityNumber: '194001011230' }),
    ).rejects.toThrow('Det finns ingen testperson med det numret');
  });

  it('explains a malformed number', async () => {
    const page = await openLoginPage((await newRequest()).url);
    const response = await submitNumber(page, '19121212-1213');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      'Numret är inte ett giltigt personnummer eller samordningsnummer.',
    );
  });

  it('refuses a form posted without the sign-in cookie', async () => {
    const page = await openLoginPage((await newRequest()).url);
    const response = await submitNumber({ ...page, cookie: '' }, '191212121212');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Inloggningen har gått ut eller är redan avslutad.');
  });

  it('sends access_denied back to the client when the person cancels', async () => {
    const request = await newRequest();
    const page = await openLoginPage(request.url);
    let response = await fetch(new URL(`${page.pageUrl.pathname}/abort`, page.pageUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: page.cookie },
    });
    expect(response.status).toBe(303);
    response = await fetch(new URL(response.headers.get('location')!, page.pageUrl), {
      redirect: 'manual',
      headers: { cookie: page.cookie },
    });
    const callbackUrl = response.headers.get('location')!;
    expect(callbackUrl.startsWith(client.redirect_uris[0]!)).toBe(true);
    await expect(
      rp.completeSignIn({ redirectUri: client.redirect_uris[0]!, callbackUrl, expected: request }),
    ).rejects.toMatchObject({ reason: 'authorization_error', providerError: 'access_denied' });
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL((await newRequest()).url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toContain('PKCE');
  });

  it('asks who you are every time: the session ends with the authorization response', async () => {
    const first = await openLoginPage((await newRequest()).url);
    let response = await submitNumber(first, '191212121212');
    const resume = new URL(response.headers.get('location')!, first.pageUrl);
    const cookies = [first.cookie, ...response.headers.getSetCookie().map((l) => l.split(';')[0])];
    response = await fetch(resume, { redirect: 'manual', headers: { cookie: cookies.join('; ') } });
    expect(response.headers.get('location')).toContain('code=');
    const session = response.headers.getSetCookie().filter((line) => line.startsWith('_session='));
    expect(session).toEqual([expect.stringMatching(/^_session=; path=\/; expires=Thu, 01 Jan 1970/)]);

    // A second sign-in in the same browser shows the login page again.
    const again = await fetch((await newRequest()).url, {
      redirect: 'manual',
      headers: { cookie: cookies.join('; ') },
    });
    expect(again.headers.get('location')).toMatch(/^\/interaction\//);
  });
});
