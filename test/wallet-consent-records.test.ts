import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import {
  answerRequest,
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
} from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier } from './wallet-with-verifier.js';

const tolvan = '191212121212';

/** The consumer's own system: a real HTTP receiver on 127.0.0.1 that keeps what it is sent. */
async function startReceiver() {
  const received: Array<{ event: string | undefined; body: Record<string, any> }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ event: req.headers['x-webhook-event'] as string | undefined, body: JSON.parse(body) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const bearer = (url: string, method: 'GET' | 'POST', token: string) =>
  fetch(url, { method, headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as Record<string, any>,
  }));

/**
 * Consent records (docs/consent-records.md) between the real wallet and the real verifier:
 * each share brings back a record signed by the consumer, which the wallet verifies and keeps;
 * the record's capability reads the consumer's uses and asks for erasure.
 */
describe.each(testDatabaseKinds())('consent records between the wallet and the verifier on %s', (kind) => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let wallet: string;
  let list: TrustList;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    receiver = await startReceiver();
    // Some tests also fetch a credential by hand with the plain (bearer) test client.
    ({ world, verifier, person, stop } = await startWalletWithVerifier(kind, {
      issuerSettings: { requireDpop: false },
    }));
    wallet = world.wallet.baseUrl;
    list = world.trustList;
  });
  afterAll(async () => {
    await stop?.();
    await receiver?.close();
  });

  /** The person shares through the wallet; returns the verifier's request id and the wallet's new record. */
  async function shareThroughWallet(body: Record<string, unknown>) {
    const before = (await api(wallet, person, 'GET', '/api/consent-records')).body.consent_records.length;
    const created = await createPresentationRequest(verifier, 'insurer', {
      ...body,
      callback_url: receiver.url,
    });
    expect(created.status).toBe(201);
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    const records = (await api(wallet, person, 'GET', '/api/consent-records')).body.consent_records;
    expect(records).toHaveLength(before + 1);
    const record = records.find((r: any) => r.presentation_request_id === shown.body.id);
    return { requestId: created.body.id as string, record };
  }

  /** The same share made by hand, to hold the capability the way another wallet would. */
  async function shareByHand() {
    const { credential, holderKey } = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const { id, response } = await answerRequest({
      verifier,
      trustList: list,
      consumerId: 'insurer',
      body: {
        purpose: 'Är personen inskriven?',
        dcql_query: {
          credentials: [
            {
              id: 'registration',
              format: 'dc+sd-jwt',
              meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
              claims: [{ path: ['given_name'] }],
            },
          ],
        },
        callback_url: receiver.url,
      },
      credentials: { registration: { credential, holderKey } },
    });
    expect(response.status).toBe(200);
    const { record, capability } = response.body.consent_record as { record: string; capability: string };
    return {
      requestId: id,
      record,
      capability,
      claims: decodeJwt(record) as Record<string, any>,
    };
  }

  it('returns a consent record signed by the consumer, which the wallet verifies, keeps with the log entry and lists', async () => {
    const { requestId, record } = await shareThroughWallet({ template: 'unemployment_claim' });
    expect(record).toMatchObject({
      verifier: { client_id: expect.stringMatching(/^decentralized_identifier:did:web:.*insurer$/) },
      controller: {
        id: 'insurer',
        name: { sv: 'Trygga Försäkringar', en: 'Trygga Försäkringar' },
        org_number: '556000-0001',
        contact: { email: 'dataskydd@trygga.example' },
      },
      legal_basis: { basis: 'contract', article: 'GDPR Art. 6(1)(b)' },
      received: [
        {
          credential_query_id: 'registration',
          vct: `${world.issuer.baseUrl}/af/vct/registration-certificate`,
          claims: ['given_name', 'family_name', 'registered_since'],
        },
      ],
      retention: { seconds: 7 * 365 * 86_400 },
      deletion: { state: 'none', answer: null },
    });
    // Signed with the key the trust list names for the insurer, with our own typ.
    const header = decodeProtectedHeader(record.record);
    expect(header.typ).toBe('consent-record+jwt');
    const insurer = list.consumers.find((c) => c.id === 'insurer')!;
    const key = (insurer.jwks.keys as JWK[]).find((k) => k.kid === header.kid)!;
    await expect(compactVerify(record.record, await importJWK(key, 'ES256'))).resolves.toBeDefined();
    // Kept with the share's entry in the person's log.
    const log = (await api(wallet, person, 'GET', '/api/log?event=presentation')).body.entries;
    expect(log.map((e: any) => e.id)).toContain(record.log_entry_id);
    // The verifier keeps only the capability's hash, and no claim value in the record.
    const stored = await verifier.ctx.consentRecords.findRecord(record.record_id);
    expect(stored).toMatchObject({ presentationRequestId: requestId, status: 'active' });
    expect(stored!.capabilityHash).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain('Tolvan');

    // The consumer's later uses: sent on to its system, then viewed by its staff.
    await readPresentationResult(verifier, 'insurer', requestId);
    const usage = await api(wallet, person, 'GET', `/api/consent-records/${record.id}/usage`);
    expect(usage.status).toBe(200);
    expect(usage.body.uses.map((u: any) => u.action).sort()).toEqual(['sent', 'viewed']);
    expect(usage.body.uses[0].fields).toEqual([
      'registration.given_name',
      'registration.family_name',
      'registration.registered_since',
    ]);
  });

  it('erases the consumer’s copy on request, tells its system once, and the wallet shows it confirmed', async () => {
    const { requestId, record } = await shareThroughWallet({
      purpose: 'Snabbkoll av inskrivning',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }, { path: ['registered_since'] }],
          },
        ],
      },
    });
    expect(record.legal_basis).toMatchObject({ basis: 'contract' });
    const answered = await api(wallet, person, 'POST', `/api/consent-records/${record.id}/deletion-request`);
    expect(answered.status).toBe(200);
    expect(answered.body.deletion).toMatchObject({ state: 'deleted', deleted_at: expect.any(String) });
    expect(decodeProtectedHeader(answered.body.deletion.answer).typ).toBe('deletion-answer+jwt');
    // The verifier's copy of the claims is gone.
    const result = await readPresentationResult(verifier, 'insurer', requestId);
    expect(result.body.status).toBe('verified');
    expect(result.body.claims).toBeUndefined();
    // The consumer's own system heard of it exactly once.
    await verifier.ctx.webhooks.idle();
    const events = receiver.received.filter(
      (r) => r.event === 'record.deletion_requested' && r.body.record_id === record.record_id,
    );
    expect(events).toHaveLength(1);
    expect(events[0].body).toMatchObject({ outcome: 'deleted', presentation_request_id: requestId });
    expect(JSON.stringify(events[0].body)).not.toContain('Tolvan');
    // The wallet lists it as confirmed, and will not ask twice.
    const listed = (await api(wallet, person, 'GET', '/api/consent-records')).body.consent_records;
    expect(listed.find((r: any) => r.id === record.id).deletion.state).toBe('deleted');
    const again = await api(wallet, person, 'POST', `/api/consent-records/${record.id}/deletion-request`);
    expect(again.status).toBe(409);
  });

  it('refuses erasure with a signed answer naming the legal ground where the purpose must be retained', async () => {
    const { requestId, record } = await shareThroughWallet({ template: 'unemployment_claim' });
    const answered = await api(wallet, person, 'POST', `/api/consent-records/${record.id}/deletion-request`);
    expect(answered.status).toBe(200);
    expect(answered.body.deletion).toMatchObject({
      state: 'refused',
      legal_ground: { sv: expect.stringMatching(/Bokföringslagen/) },
      retained_until: expect.any(String),
    });
    expect(decodeJwt(answered.body.deletion.answer)).toMatchObject({
      status: 'refused',
      record_id: record.record_id,
    });
    // Nothing was deleted.
    const result = await readPresentationResult(verifier, 'insurer', requestId);
    expect(result.body.claims.registration[0].given_name).toBe('Tolvan');
    await verifier.ctx.webhooks.idle();
    const events = receiver.received.filter((r) => r.body.record_id === record.record_id);
    expect(events).toEqual([
      expect.objectContaining({
        event: 'record.deletion_requested',
        body: expect.objectContaining({ outcome: 'refused' }),
      }),
    ]);
  });

  it('refuses a wrong or replayed capability, another consumer’s path and malformed ids, changing nothing', async () => {
    const { requestId, capability, claims } = await shareByHand();
    const usageUrl = claims.usage_endpoint as string;
    const deletionUrl = claims.deletion_endpoint as string;
    const wrong = 'x'.repeat(43);
    for (const [url, method] of [
      [usageUrl, 'GET'],
      [deletionUrl, 'POST'],
    ] as const) {
      const refused = await bearer(url, method, wrong);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('invalid_token');
    }
    // The right capability at another consumer's path.
    const elsewhere = await bearer(
      deletionUrl.replace('/consumers/insurer/', '/consumers/university/'),
      'POST',
      capability,
    );
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toBe('access_denied');
    // Malformed ids.
    const malformed = await bearer(deletionUrl.replace(claims.record_id, 'not-a-record'), 'POST', capability);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid_request');
    const noToken = await fetch(usageUrl);
    expect(noToken.status).toBe(401);
    // Nothing changed.
    expect(
      (await readPresentationResult(verifier, 'insurer', requestId)).body.claims.registration[0].given_name,
    ).toBe('Tolvan');
    expect(await verifier.ctx.consentRecords.findRecord(claims.record_id)).toMatchObject({
      status: 'active',
    });

    // Used once, the capability is spent: a replay learns nothing.
    const first = await bearer(deletionUrl, 'POST', capability);
    expect(first.body).toMatchObject({ status: 'deleted', record_id: claims.record_id });
    const replay = await bearer(deletionUrl, 'POST', capability);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_token');
    expect((await bearer(usageUrl, 'GET', capability)).status).toBe(401);
    await verifier.ctx.webhooks.idle();
    expect(receiver.received.filter((r) => r.body.record_id === claims.record_id)).toHaveLength(1);
  });

  it('refuses malformed ids and another person’s record in the wallet API', async () => {
    expect((await api(wallet, person, 'POST', '/api/consent-records/nope/deletion-request')).status).toBe(
      400,
    );
    const [mine] = (await api(wallet, person, 'GET', '/api/consent-records')).body.consent_records;
    const other = await tokenSession(wallet, '198806244417');
    const refused = await api(wallet, other, 'POST', `/api/consent-records/${mine.id}/deletion-request`);
    expect(refused.status).toBe(404);
    expect((await api(wallet, other, 'GET', '/api/consent-records')).body.consent_records).toEqual([]);
  });

  it('lets the consumer log its own uses, and deletes the record with its usage log at the end of retention', async () => {
    const { capability, claims } = await shareByHand();
    const consumerApi = `${verifier.url}/api/consent-records/${claims.record_id}/usage`;
    const key = { authorization: `Bearer ${verifier.apiKeys.insurer}`, 'content-type': 'application/json' };
    const logged = await fetch(consumerApi, {
      method: 'POST',
      headers: key,
      body: JSON.stringify({
        action: 'case_decision',
        fields: ['registration.given_name'],
        purpose: 'Beslut',
      }),
    });
    expect(logged.status).toBe(201);
    const bad = await fetch(consumerApi, {
      method: 'POST',
      headers: key,
      body: JSON.stringify({ action: 'x', value: 'Tolvan' }),
    });
    expect(bad.status).toBe(400);
    // Another consumer's key does not see it.
    const other = await fetch(consumerApi, {
      headers: { authorization: `Bearer ${verifier.apiKeys.university}` },
    });
    expect(other.status).toBe(404);
    const seen = await bearer(claims.usage_endpoint, 'GET', capability);
    expect(seen.body.uses.map((u: any) => u.action)).toContain('case_decision');

    const retention = claims.retention.seconds as number;
    verifier.advanceClock(retention + 1);
    try {
      await verifier.ctx.housekeeping.runOnce();
      expect(await verifier.ctx.consentRecords.findRecord(claims.record_id)).toBeNull();
      expect(await verifier.ctx.consentRecords.listUses(claims.record_id, 100)).toEqual([]);
      expect((await bearer(claims.usage_endpoint, 'GET', capability)).status).toBe(401);
    } finally {
      verifier.advanceClock(-(retention + 1));
    }
  });
});
