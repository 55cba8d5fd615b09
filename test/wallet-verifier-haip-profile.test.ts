import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson } from '../issuer/test/wallet-client.js';
import { PresentationRequestEntity } from '../verifier/src/persistence/entities.js';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { startWalletWithVerifier, type WalletWithVerifier } from './wallet-with-verifier.js';

/**
 * The HAIP profile (docs/verifier.md, "Profiles") with our real wallet: a consumer under HAIP
 * asks for `direct_post.jwt` without naming it — through the API and on its demo page — and our
 * wallet's encrypted answer verifies.
 */
describe.each(testDatabaseKinds())('a HAIP consumer and our wallet on %s', (kind) => {
  let setting: WalletWithVerifier;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let wallet: string;

  beforeAll(async () => {
    setting = await startWalletWithVerifier(kind, { consumerProfiles: { insurer: 'haip' } });
    ({ verifier, person } = setting);
    wallet = setting.world.wallet.baseUrl;
  });
  afterAll(async () => {
    await setting?.stop();
  });

  /** Our wallet takes the link, the person approves, and the wallet posts the answer. */
  async function answerWithOurWallet(openid4vpUrl: string) {
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: openid4vpUrl });
    expect(shown.status).toBe(201);
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    return sent;
  }

  it('an API request without response_mode is direct_post.jwt, and our wallet answers it encrypted', async () => {
    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    expect(created.status).toBe(201);
    expect(created.body.response_mode).toBe('direct_post.jwt');
    await answerWithOurWallet(created.body.openid4vp_url);
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.response_mode).toBe('direct_post.jwt');
  });

  it("the consumer's demo page: a same-device request for its links and a cross-device one for its QR code, both direct_post.jwt", async () => {
    const page = await fetch(`${verifier.url}/insurer`);
    const html = await page.text();
    const cookie = page.headers
      .getSetCookie()
      .find((c) => c.startsWith('vp_'))!
      .split(';')[0]!;
    const pollPath = /data-poll="([^"]+)"/.exec(html)![1]!;
    const sameDeviceLink = /href="(openid4vp:\/\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const requestIdOf = (link: string) =>
      new URL(new URL(link).searchParams.get('request_uri')!).pathname.split('/').pop()!;
    const sameDeviceId = requestIdOf(sameDeviceLink);
    // The page polls the QR code's request, not the links'.
    const crossDeviceId = pollPath.split('/').pop()!;
    expect(crossDeviceId).not.toBe(sameDeviceId);
    const rows = verifier.ctx.db.dataSource.getRepository(PresentationRequestEntity);
    const sameDevice = await rows.findOneByOrFail({ id: sameDeviceId });
    const crossDevice = await rows.findOneByOrFail({ id: crossDeviceId });
    expect([sameDevice.responseMode, crossDevice.responseMode]).toEqual([
      'direct_post.jwt',
      'direct_post.jwt',
    ]);
    expect(sameDevice.redirectUri).toMatch(new RegExp(`/insurer\\?request=${sameDeviceId}$`));
    expect(crossDevice.redirectUri).toBeNull();

    // Same device: the result goes only to the page the wallet returns to, with the response_code.
    const sent = await answerWithOurWallet(sameDeviceLink);
    const redirect = new URL(sent.body.redirect_uri as string);
    const code = new URLSearchParams(redirect.hash.slice(1)).get('response_code')!;
    const poll = `${verifier.url}/insurer/requests/${sameDeviceId}`;
    const withoutCode = await getJson(poll, { cookie });
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.body.error).toBe('invalid_request');
    expect(JSON.stringify(withoutCode.body)).not.toContain('Tolvan');
    expect((await getJson(`${poll}?response_code=not-the-code`, { cookie })).status).toBe(400);
    expect((await getJson(`${poll}?response_code=${code}`)).status).toBe(404);
    const released = await getJson(`${poll}?response_code=${code}`, { cookie });
    expect(released.body.status).toBe('verified');
    expect(released.body.fields).toContainEqual(
      expect.objectContaining({ id: 'f-registration-given_name', value: 'Tolvan', verified: true }),
    );
    const back = await (
      await fetch(`${redirect.origin}${redirect.pathname}${redirect.search}`, { headers: { cookie } })
    ).text();
    expect(back).toContain(`data-request="${sameDeviceId}"`);

    // Another device (the QR code): no redirect comes, and the page that polls it fills itself.
    const clientId = new URL(sameDeviceLink).searchParams.get('client_id')!;
    const qrLink = `openid4vp://?${new URLSearchParams({
      client_id: clientId,
      request_uri: `${verifier.baseUrl}/openid4vp/requests/${crossDeviceId}`,
    }).toString()}`;
    const scanned = await answerWithOurWallet(qrLink);
    expect(scanned.body.redirect_uri ?? null).toBeNull();
    expect((await getJson(`${verifier.url}${pollPath}`)).status).toBe(404);
    const filled = await getJson(`${verifier.url}${pollPath}`, { cookie });
    expect(filled.body.status).toBe('verified');
    expect(filled.body.fields).toContainEqual(
      expect.objectContaining({ id: 'f-registration-given_name', value: 'Tolvan', verified: true }),
    );
  });

  it("the approval page does the same: the same-device approval's result only with the response_code", async () => {
    const page = await fetch(`${verifier.url}/insurer/approve`);
    const html = await page.text();
    const cookie = page.headers
      .getSetCookie()
      .find((c) => c.startsWith('vp_'))!
      .split(';')[0]!;
    const pollPath = /data-poll="([^"]+)"/.exec(html)![1]!;
    const sameDeviceLink = /href="(openid4vp:\/\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const sameDeviceId = new URL(new URL(sameDeviceLink).searchParams.get('request_uri')!).pathname
      .split('/')
      .pop()!;
    const crossDeviceId = pollPath.split('/').pop()!;
    expect(crossDeviceId).not.toBe(sameDeviceId);

    const sent = await answerWithOurWallet(sameDeviceLink);
    const code = new URLSearchParams(new URL(sent.body.redirect_uri as string).hash.slice(1)).get(
      'response_code',
    )!;
    const poll = `${verifier.url}/insurer/approvals/${sameDeviceId}`;
    const withoutCode = await getJson(poll, { cookie });
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.body.error).toBe('invalid_request');
    expect((await getJson(`${poll}?response_code=not-the-code`, { cookie })).status).toBe(400);
    const released = await getJson(`${poll}?response_code=${code}`, { cookie });
    expect(released.body.status).toBe('verified');
    expect(released.body.fields).toContainEqual(expect.objectContaining({ id: 'f-receipt' }));

    const clientId = new URL(sameDeviceLink).searchParams.get('client_id')!;
    await answerWithOurWallet(
      `openid4vp://?${new URLSearchParams({
        client_id: clientId,
        request_uri: `${verifier.baseUrl}/openid4vp/requests/${crossDeviceId}`,
      }).toString()}`,
    );
    const filled = await getJson(`${verifier.url}${pollPath}`, { cookie });
    expect(filled.body.status).toBe('verified');
  });
});
