import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson } from '../issuer/test/wallet-client.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import {
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type VerifierWorld,
} from './verifier-helpers.js';

async function getText(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The page's cookie, as the browser would send it back (`name=value`). */
function pageCookie(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('vp_'))!;
  expect(cookie).toMatch(/; HttpOnly/);
  expect(cookie).toMatch(/; SameSite=Lax/);
  return cookie.split(';')[0];
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

describe.each(testDatabaseKinds())('consumer demo pages on %s', (kind) => {
  let world: VerifierWorld;
  beforeAll(async () => {
    world = await startVerifierWorld(kind, { verifierSettings: { claimRetention: 3600 } });
  });
  afterAll(async () => {
    await world.stop();
  });

  it('the insurer form asks the wallet, fills itself from the verified certificate and names the source', async () => {
    const { issuer, verifier, trustList } = world;
    const page = await getText(`${verifier.url}/insurer`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<html lang="sv">');
    expect(page.text).toContain('Öppna i plånboken');
    expect(page.text).toContain('Öppna i en plånboksapp');
    expect(page.text).toMatch(/<svg[^>]*>/);
    expect(page.text).toContain('<label for="f-registration-given_name">Förnamn</label>');
    const openid4vp = unescapeHtml(/href="(openid4vp:\/\/[^"]+)"/.exec(page.text)![1]);
    const walletLink = unescapeHtml(
      /href="(http:\/\/127\.0\.0\.1:3000\/present\?request=[^"]+)"/.exec(page.text)![1],
    );
    expect(new URL(walletLink).searchParams.get('request')).toBe(openid4vp);
    const pollPath = /data-poll="([^"]+)"/.exec(page.text)![1];
    const cookie = pageCookie(page.headers);
    expect((await getJson(`${verifier.url}${pollPath}`, { cookie })).body).toEqual({ status: 'pending' });
    // The request id is in the QR code; without this browser's cookie nobody reads the result.
    const stranger = await getJson(`${verifier.url}${pollPath}`);
    expect(stranger.status).toBe(404);

    const english = await getText(`${verifier.url}/insurer?lang=en`);
    expect(english.text).toContain('<html lang="en">');
    // A proper name stays Swedish in English.
    expect(english.text).toContain('<strong>Trygga Försäkringar</strong>');
    expect(english.text).toContain('Open in the wallet');

    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: '191212121212',
      configurationId: 'registration_certificate',
    });
    const { request } = await fetchAuthorizationRequest({ openid4vpUrl: openid4vp, trustList });
    const presentation = await presentCredential({
      credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [presentation] },
      state: request.state,
    });
    // Same-device: back to the page with this request.
    expect(response.body.redirect_uri).toMatch(
      new RegExp(`^${verifier.baseUrl}/insurer\\?request=[\\w-]+#response_code=`),
    );

    expect((await getJson(`${verifier.url}${pollPath}`)).status).toBe(404);
    const filled = await getJson(`${verifier.url}${pollPath}`, { cookie });
    expect(filled.body).toEqual({
      status: 'verified',
      fields: [
        { id: 'f-registration-given_name', value: 'Tolvan', source: 'Arbetsförmedlingen', verified: true },
        {
          id: 'f-registration-family_name',
          value: 'Tolvansson',
          source: 'Arbetsförmedlingen',
          verified: true,
        },
        {
          id: 'f-registration-registered_since',
          value: '2026-09-01',
          source: 'Arbetsförmedlingen',
          verified: true,
        },
      ],
    });
    const back = await getText(response.body.redirect_uri.split('#')[0], { cookie });
    expect(back.text).toContain(`data-request="${request.response_uri.split('/').pop()}"`);
    expect(back.text).not.toContain('Öppna i plånboken');

    const log = await getText(`${verifier.url}/insurer/log`, { cookie });
    expect(log.status).toBe(200);
    expect(log.text).toContain('Verifierad');
    expect(log.text).not.toContain('Tolvan');
  });

  it('the af-praktik and university pages ask for their templates', async () => {
    const praktik = await getText(`${world.verifier.url}/af-praktik`);
    expect(praktik.text).toContain('Uppehållstillstånd');
    expect(praktik.text).toContain('Arbetstillstånd');
    expect(praktik.text).toContain('Folkbokföringsadress');
    const university = await getText(`${world.verifier.url}/university?lang=en`);
    expect(university.text).toContain('Upper-secondary diploma');
  });

  it('deletes claim values after the retention time and keeps the checks and outcome', async () => {
    const { issuer, verifier, trustList } = world;
    const created = await fetch(`${verifier.url}/api/presentation-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${verifier.apiKeys.insurer}` },
      body: JSON.stringify({ template: 'unemployment_claim' }),
    }).then((r) => r.json() as Promise<Record<string, any>>);
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: '191212121212',
      configurationId: 'registration_certificate',
    });
    const { request } = await fetchAuthorizationRequest({ openid4vpUrl: created.openid4vp_url, trustList });
    const presentation = await presentCredential({
      credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    expect(
      (
        await postResponse(request.response_uri, {
          vp_token: { registration: [presentation] },
          state: request.state,
        })
      ).status,
    ).toBe(200);
    expect((await readPresentationResult(verifier, 'insurer', created.id)).body.claims).toBeDefined();

    verifier.advanceClock(3601);
    try {
      const hidden = await readPresentationResult(verifier, 'insurer', created.id);
      expect(hidden.body).toMatchObject({ status: 'verified', claims_deleted: true });
      expect(hidden.body).not.toHaveProperty('claims');
      expect(await verifier.ctx.store.purgeExpiredClaims(verifier.ctx.now())).toBeGreaterThanOrEqual(1);
      const row = await verifier.ctx.store.findRequest(created.id);
      expect(row!.claims).toBeNull();
      expect(row!.checks!.length).toBeGreaterThan(10);
      expect(row!.status).toBe('verified');
    } finally {
      verifier.advanceClock(-3601);
    }
  });

  it('serves its OpenAPI document and the consumers list the trust list is built from', async () => {
    const openapi = await getJson(`${world.verifier.url}/api/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/presentation-requests',
        '/api/presentation-requests/{id}',
        '/openid4vp/responses/{id}',
      ]),
    );
    const consumers = await getJson(`${world.verifier.url}/api/consumers`);
    expect(consumers.body.consumers.map((c: any) => c.id)).toEqual(['insurer', 'university', 'af-praktik']);
    const insurer = consumers.body.consumers[0];
    expect(insurer).toMatchObject({
      name: { sv: expect.any(String), en: expect.any(String) },
      client_id: `decentralized_identifier:${insurer.did}`,
    });
    for (const key of insurer.jwks.keys) expect(key).not.toHaveProperty('d');
    const did = await getJson(`${world.verifier.url}/consumers/insurer/did.json`);
    expect(did.body.id).toBe(insurer.did);
  });
});
