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

  it("the consumer's demo page asks for direct_post.jwt, and the page fills itself from our wallet's answer", async () => {
    const page = await fetch(`${verifier.url}/insurer`);
    const html = await page.text();
    const cookie = page.headers
      .getSetCookie()
      .find((c) => c.startsWith('vp_'))!
      .split(';')[0]!;
    const pollPath = /data-poll="([^"]+)"/.exec(html)![1]!;
    const openid4vp = /href="(openid4vp:\/\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const id = new URL(new URL(openid4vp).searchParams.get('request_uri')!).pathname.split('/').pop()!;
    const row = await verifier.ctx.db.dataSource
      .getRepository(PresentationRequestEntity)
      .findOneByOrFail({ id });
    expect(row.responseMode).toBe('direct_post.jwt');

    await answerWithOurWallet(openid4vp);
    const filled = await getJson(`${verifier.url}${pollPath}`, { cookie });
    expect(filled.body.status).toBe('verified');
    expect(filled.body.fields).toContainEqual(
      expect.objectContaining({ id: 'f-registration-given_name', value: 'Tolvan', verified: true }),
    );
  });
});
