import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import {
  authorizeUrl,
  postForm,
  pushAuthorizationRequest,
  redeemOffer,
} from '../issuer/test/wallet-client.js';
import { hashSecret } from '@min-profil/shared/secrets';
import { startSystem, type RunningSystem } from './system/start-system.js';
import { fetchOutcome } from './holder-sign-in.js';

/**
 * Authorization code phishing: an attacker writes a link to the real holder with its own
 * redirect_uri (and/or client_id) and PKCE values, and waits for the person's code. The holder
 * must only ever send codes to a registered wallet's exact redirect URI, take requests only
 * through PAR (RFC 9126), and show the person which wallet receives the credential.
 */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The attacker's server: a real listener that records every request that reaches it. */
async function startAttacker(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('thanks');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const tolvan = '191212121212';

describe.each(testDatabaseKinds())('authorization code phishing at a holder on %s', (kind) => {
  let system: RunningSystem;
  let attacker: Awaited<ReturnType<typeof startAttacker>>;
  let issuer: string;
  let walletRedirect: string;
  beforeAll(async () => {
    system = await startSystem(kind);
    attacker = await startAttacker();
    issuer = system.issuer.baseUrl;
    walletRedirect = `${system.wallet.baseUrl}/oid4vci/callback`;
  });
  afterAll(async () => {
    await attacker?.close();
    await system?.stop();
  });

  /** A pushed request from the demo wallet's client, as our wallet sends it. */
  async function pushAsWallet(extra: Record<string, string> = {}) {
    const pushed = await pushAuthorizationRequest(issuer, 'af', {
      response_type: 'code',
      client_id: 'min-profil-wallet',
      redirect_uri: walletRedirect,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      scope: 'af_registration_certificate',
      state: 'wallet-state',
      ...extra,
    });
    expect(pushed.status).toBe(201);
    return pushed.body as { request_uri: string; expires_in: number };
  }

  it('never sends the code of a crafted link to the attacker: the person gets an error page, not a redirect', async () => {
    const { challenge } = pkce();
    for (const clientId of ['min-profil-wallet', 'attacker-wallet']) {
      const link = `${issuer}/af/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: `${attacker.url}/steal`,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        scope: 'af_registration_certificate',
        state: 'attacker-state',
      })}`;
      // The person follows the link and would sign in: the holder stops them on its own page.
      await expect(loginWithTestEid({ authorizationUrl: link, identityNumber: tolvan })).rejects.toThrow(
        /stopped at GET \/af\/authorize: HTTP 400/,
      );
      const page = await fetch(link, { redirect: 'manual' });
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('<html lang="sv">');
      expect(html).toContain('Något gick fel');
      expect(html).toContain('pushed authorization requests');
    }
    expect(attacker.hits).toEqual([]);
  });

  it('does not let the attacker push a request with its redirect_uri or its own client_id', async () => {
    const base = {
      response_type: 'code',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      scope: 'af_registration_certificate',
    };
    const withWalletId = await pushAuthorizationRequest(issuer, 'af', {
      ...base,
      client_id: 'min-profil-wallet',
      redirect_uri: `${attacker.url}/steal`,
    });
    expect(withWalletId.status).toBe(400);
    expect(withWalletId.body).toEqual({
      error: 'invalid_request',
      error_description: 'redirect_uri is not registered for this client',
    });
    // A prefix of the registered URI is not the registered URI (exact match).
    const lookalike = await pushAuthorizationRequest(issuer, 'af', {
      ...base,
      client_id: 'min-profil-wallet',
      redirect_uri: `${walletRedirect}/../../steal`,
    });
    expect(lookalike.body.error).toBe('invalid_request');
    const ownClient = await pushAuthorizationRequest(issuer, 'af', {
      ...base,
      client_id: 'attacker-wallet',
      redirect_uri: `${attacker.url}/steal`,
    });
    expect(ownClient.status).toBe(401);
    expect(ownClient.body).toEqual({
      error: 'invalid_client',
      error_description: 'client_id is not a registered wallet at this issuer',
    });
    expect(attacker.hits).toEqual([]);
  });

  it('sends a code the attacker asked for only to the wallet, whose callback refuses it; the attacker redeems nothing', async () => {
    const attackerPkce = pkce();
    const pushed = await pushAsWallet({ code_challenge: attackerPkce.challenge, state: 'attacker-state' });
    const link = authorizeUrl(issuer, 'af', 'min-profil-wallet', pushed.request_uri);
    let consentPage = '';
    const toWallet = await loginWithTestEid({
      authorizationUrl: link,
      identityNumber: tolvan,
      onConsentPage: (html) => {
        consentPage = html;
      },
    });
    // The holder's page said where the credential goes: the person's own wallet.
    expect(consentPage).toContain('Intyget skickas till');
    expect(consentPage).toContain('Min profil plånbok');
    const callback = new URL(toWallet);
    expect(callback.origin + callback.pathname).toBe(walletRedirect);
    // The wallet did not start this fetch, so it refuses the code (unknown state).
    const refused = await fetch(callback, { redirect: 'manual' });
    expect(fetchOutcome(refused)?.error).toBe('invalid_request');
    expect(attacker.hits).toEqual([]);

    // What the attacker has: its request_uri and its verifier. Neither redeems anything.
    const asCode = await postForm(`${issuer}/af/token`, {
      grant_type: 'authorization_code',
      code: pushed.request_uri,
      redirect_uri: `${attacker.url}/steal`,
      code_verifier: attackerPkce.verifier,
      client_id: 'min-profil-wallet',
    });
    expect(asCode.body.error).toBe('invalid_grant');
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('request_uri has expired or has already been used');
  });

  it('refuses response_type other than code with a page, not a redirect to any origin', async () => {
    const openRedirect = await fetch(
      `${issuer}/af/authorize?${new URLSearchParams({
        response_type: 'token',
        client_id: 'min-profil-wallet',
        redirect_uri: 'https://evil.example/landing',
        state: 's',
      })}`,
      { redirect: 'manual' },
    );
    expect(openRedirect.status).toBe(400);
    expect(openRedirect.headers.get('location')).toBeNull();
    const pushed = await pushAuthorizationRequest(issuer, 'af', {
      response_type: 'token',
      client_id: 'min-profil-wallet',
      redirect_uri: walletRedirect,
      scope: 'af_registration_certificate',
    });
    expect(pushed.body.error).toBe('unsupported_response_type');
  });

  it('publishes that PAR is required and takes the plain authorization request of a registered wallet only as a page', async () => {
    const metadata = (await (
      await fetch(`${system.issuer.baseUrl}/.well-known/oauth-authorization-server/af`)
    ).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      pushed_authorization_request_endpoint: `${issuer}/af/par`,
      require_pushed_authorization_requests: true,
    });
    const plain = await fetch(
      `${issuer}/af/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: 'min-profil-wallet',
        redirect_uri: walletRedirect,
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
        scope: 'af_registration_certificate',
      })}`,
      { redirect: 'manual' },
    );
    expect(plain.status).toBe(400);
    expect(plain.headers.get('location')).toBeNull();
  });

  it('uses a request_uri once and not after it expires', async () => {
    const pushed = await pushAsWallet();
    expect(pushed.expires_in).toBe(60);
    expect(pushed.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    const link = authorizeUrl(issuer, 'af', 'min-profil-wallet', pushed.request_uri);
    expect((await fetch(link)).status).toBe(200);
    const second = await fetch(link);
    expect(second.status).toBe(400);
    const reused = await second.text();
    expect(reused).toContain('request_uri has expired or has already been used');
    // The error OpenID Connect Core §3.1.2.6 and RFC 9101 name for a request_uri that fails.
    expect(reused).toContain('<code id="error-code">invalid_request_uri</code>');

    // With another client_id the request_uri is not found.
    const other = await pushAsWallet();
    const wrongClient = await fetch(authorizeUrl(issuer, 'af', 'attacker-wallet', other.request_uri));
    expect(wrongClient.status).toBe(400);
    expect(await wrongClient.text()).toContain('<code id="error-code">invalid_request_uri</code>');

    const late = await pushAsWallet();
    system.issuer.advanceClock(61);
    try {
      const expired = await fetch(authorizeUrl(issuer, 'af', 'min-profil-wallet', late.request_uri));
      expect(expired.status).toBe(400);
      const expiredPage = await expired.text();
      expect(expiredPage).toContain('request_uri has expired or has already been used');
      expect(expiredPage).toContain('<code id="error-code">invalid_request_uri</code>');
    } finally {
      system.issuer.advanceClock(-61);
    }
  });

  it('purges pushed requests that ended, so requests nobody opens do not pile up', async () => {
    const pushed = await pushAsWallet();
    const store = system.issuer.ctx.pushedRequests;
    const stored = async () => (await store.findByRequestUriHash(hashSecret(pushed.request_uri))) !== null;
    expect(await stored()).toBe(true);
    const now = system.issuer.ctx.now();
    expect(await store.purgeExpired(now)).toBe(0);
    expect(await stored()).toBe(true);
    expect(await store.purgeExpired(now + 61)).toBeGreaterThanOrEqual(1);
    expect(await stored()).toBe(false);
  });

  it('names the wallet, the credential and the holder on the consent page; cancel sends access_denied to the wallet', async () => {
    const pushed = await pushAsWallet();
    const page = await fetch(authorizeUrl(issuer, 'af', 'min-profil-wallet', pushed.request_uri));
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(html).toContain('<html lang="sv">');
    expect(html).toMatch(
      /Intyget skickas till:<\/dt>\s*<dd class="recipient" id="recipient">Min profil plånbok<\/dd>/,
    );
    expect(html).toContain('Inskrivningsintyg');
    expect(html).toContain('Arbetsförmedlingen');
    expect(html).toContain('>Fortsätt</button>');
    expect(html).toContain('>Avbryt</button>');
    const token = /name="consent_token" value="([^"]+)"/.exec(html)![1]!;

    // A forged form without the page's one-time token is refused.
    const forgedPage = await fetch(`${issuer}/af/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        consent_token: randomBytes(32).toString('base64url'),
        decision: 'continue',
      }),
      redirect: 'manual',
    });
    expect(forgedPage.status).toBe(400);
    expect(forgedPage.headers.get('location')).toBeNull();

    // English on request, same token.
    const english = await fetch(`${issuer}/af/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent_token: token, decision: 'language', lang: 'en' }),
    });
    const englishHtml = await english.text();
    expect(englishHtml).toContain('<html lang="en">');
    expect(englishHtml).toContain('Min profil wallet');

    const cancel = await fetch(`${issuer}/af/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent_token: token, decision: 'cancel' }),
      redirect: 'manual',
    });
    expect(cancel.status).toBe(303);
    const back = new URL(cancel.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(walletRedirect);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('wallet-state');
    expect(back.searchParams.get('iss')).toBe(`${issuer}/af`);

    // The decision is taken once.
    const twice = await fetch(`${issuer}/af/authorize/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent_token: token, decision: 'continue' }),
      redirect: 'manual',
    });
    expect(twice.status).toBe(400);
  });

  it('accepts a holder’s access token only at that holder (token audience)', async () => {
    const { accessToken } = await redeemOffer({
      baseUrl: issuer,
      apiKey: system.issuer.apiKey,
      holder: 'af',
      pnr: tolvan,
      configurationIds: ['registration_certificate'],
    });
    const elsewhere = await fetch(`${issuer}/skatteverket/credential`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ credential_configuration_id: 'registered_address' }),
    });
    expect(elsewhere.status).toBe(401);
    expect(((await elsewhere.json()) as { error: string }).error).toBe('invalid_token');
  });
});
