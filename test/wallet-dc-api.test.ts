import { decodeJwt } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson } from '../issuer/test/wallet-client.js';
import { PresentationRequestEntity } from '../wallet/src/persistence/entities.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { startWalletWithVerifier, type WalletWithVerifier } from './wallet-with-verifier.js';

/**
 * Our wallet's side of the Digital Credentials API (OpenID4VP 1.0 Appendix A, HAIP 1.0 §5.2), over
 * HTTP only, on both databases: a caller standing where the browser's platform would hands over
 * `{ protocol, data, origin }`; the person approves through the wallet API; the caller takes the
 * credential's data and posts it to the real verifier from that origin, as the page does.
 * test/wallet-dc-api-browser.test.ts runs the same through the consumer page and the wallet page.
 */
const pageOrigin = 'https://insurer.example';

describe.each(testDatabaseKinds())('our wallet answering Digital Credentials API requests on %s', (kind) => {
  let setting: WalletWithVerifier;
  let wallet: string;
  let person: WalletSession;

  beforeAll(async () => {
    setting = await startWalletWithVerifier(kind);
    wallet = setting.world.wallet.baseUrl;
    person = setting.person;
  });
  afterAll(async () => {
    await setting?.stop();
  });

  async function ask(responseMode: string, extra: Record<string, unknown> = {}) {
    const created = await createPresentationRequest(setting.verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: responseMode,
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body as Record<string, any>;
  }

  /** The `digital` entry the page would hand to navigator.credentials.get. */
  async function digitalRequest(responseMode: 'dc_api' | 'dc_api.jwt') {
    const created = await ask(responseMode, { expected_origins: [pageOrigin] });
    const dc = await getJson(created.dc_api_request_uri);
    return { id: created.id as string, entry: dc.body.digital.requests[0] as Record<string, any> };
  }

  const handOver = (body: Record<string, unknown>) =>
    api(wallet, person, 'POST', '/api/dc-api/requests', body);
  const takeAnswer = (id: string) => api(wallet, person, 'GET', `/api/dc-api/requests/${id}/response`);

  /** What the page does with the credential: posts its data to the verifier, from its origin. */
  async function postToVerifier(id: string, data: Record<string, unknown>) {
    const response = await fetch(`${setting.verifier.url}/openid4vp/dc-api/responses/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: pageOrigin },
      body: JSON.stringify(data),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  const storedRequests = () =>
    setting.world.wallet.ctx.db.dataSource.getRepository(PresentationRequestEntity).count();

  it.each(['dc_api', 'dc_api.jwt'] as const)(
    '%s: the person approves, the caller takes the data once, and the verifier verifies it for origin:<origin>',
    async (mode) => {
      const { id, entry } = await digitalRequest(mode);
      const shown = await handOver({ ...entry, origin: pageOrigin });
      expect(shown.status).toBe(201);
      expect(shown.body).toMatchObject({
        response_mode: mode,
        dc_api: { origin: pageOrigin, protocol: 'openid4vp-v1-signed' },
        verifier: { verified: true, registered: true },
        can_answer: true,
      });
      // Nothing to take before the person has decided.
      expect((await takeAnswer(shown.body.id)).status).toBe(202);

      const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
        decision: 'approve',
      });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({
        delivered: true,
        redirect_uri: null,
        dc_api: { origin: pageOrigin },
      });

      const taken = await takeAnswer(shown.body.id);
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ status: 'answered', protocol: 'openid4vp-v1-signed' });
      const data = taken.body.data as Record<string, any>;
      if (mode === 'dc_api.jwt') {
        expect(Object.keys(data)).toEqual(['response']);
        expect(data.response.split('.')).toHaveLength(5);
      } else {
        // Appendix A.4: the KB-JWT's audience is the calling origin, not the client_id.
        const kbJwt = (data.vp_token.registration[0] as string).split('~').pop()!;
        expect(decodeJwt(kbJwt).aud).toBe(`origin:${pageOrigin}`);
      }
      // Handed over once.
      expect((await takeAnswer(shown.body.id)).status).toBe(410);

      expect(await postToVerifier(id, data)).toEqual({ status: 200, body: { status: 'verified' } });
      const result = await readPresentationResult(setting.verifier, 'insurer', id);
      expect(result.body).toMatchObject({ status: 'verified', response_mode: mode });
      expect(result.body.checks).toContainEqual(expect.objectContaining({ name: 'audience', passed: true }));
      const log = await api(wallet, person, 'GET', '/api/log');
      expect(JSON.stringify(log.body)).toContain(`through the browser from ${pageOrigin}`);
    },
  );

  it('a decline goes back to the page as access_denied, and the verifier records the refusal', async () => {
    const { id, entry } = await digitalRequest('dc_api');
    const shown = await handOver({ ...entry, origin: pageOrigin });
    await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'decline',
    });
    const taken = await takeAnswer(shown.body.id);
    expect(taken.body.data).toMatchObject({ error: 'access_denied' });
    expect((await postToVerifier(id, taken.body.data)).status).toBe(200);
    expect((await readPresentationResult(setting.verifier, 'insurer', id)).body.status).not.toBe('verified');
  });

  describe('bad input: invalid_request with a reason, nothing stored', () => {
    async function expectRefused(body: Record<string, unknown>, reason: string) {
      const before = await storedRequests();
      const refused = await handOver(body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_request', reason });
      expect(refused.body.error_description).toEqual(expect.any(String));
      expect(await storedRequests()).toBe(before);
    }

    it('an origin that is not among expected_origins', async () => {
      const { entry } = await digitalRequest('dc_api.jwt');
      await expectRefused({ ...entry, origin: 'https://attacker.example' }, 'origin_not_expected');
    });

    it('an unsigned request (openid4vp-v1-unsigned), or data without a signed request object', async () => {
      const { entry } = await digitalRequest('dc_api');
      const payload = decodeJwt(entry.data.request);
      await expectRefused(
        { protocol: 'openid4vp-v1-unsigned', data: payload, origin: pageOrigin },
        'unsigned_request',
      );
      await expectRefused(
        { protocol: 'openid4vp-v1-signed', data: payload, origin: pageOrigin },
        'unsigned_request',
      );
    });

    it('a signed request whose response_mode is not dc_api or dc_api.jwt', async () => {
      const created = await ask('direct_post.jwt');
      const jwt = await (await fetch(created.request_uri)).text();
      await expectRefused(
        { protocol: 'openid4vp-v1-signed', data: { request: jwt }, origin: pageOrigin },
        'not_dc_api_response_mode',
      );
    });

    it('an origin that is no web origin', async () => {
      const { entry } = await digitalRequest('dc_api');
      await expectRefused({ ...entry, origin: 'javascript:alert(1)' }, 'invalid_origin');
    });
  });
});
