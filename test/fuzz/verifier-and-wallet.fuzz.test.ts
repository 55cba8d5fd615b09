import fc from 'fast-check';
import { startVerifierWorld, type VerifierWorld } from '../verifier-helpers.js';
import { startWalletWorld, type WalletWorld } from '../wallet-harness.js';
import { tokenSession, type WalletSession } from '../../wallet/test/wallet-api.js';
import {
  assertProperty,
  fuzzRuns,
  hostileJson,
  hostileString,
  send,
  summarizeFuzzRun,
} from './fuzz-support.js';

/** 4xx with `{ error, error_description }` (any code: the verifier names failed checks too), never 5xx. */
function assertRefused(response: { status: number; body: unknown }, context: string): void {
  const body = response.body as { error?: unknown; error_description?: unknown } | undefined;
  if (
    response.status >= 400 &&
    response.status < 500 &&
    typeof body?.error === 'string' &&
    typeof body.error_description === 'string'
  ) {
    return;
  }
  throw new Error(`${context}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
}

describe('hostile input at the verifier and the wallet', () => {
  let verifierWorld: VerifierWorld;
  let walletWorld: WalletWorld;
  let person: WalletSession;
  beforeAll(async () => {
    verifierWorld = await startVerifierWorld('sqlite');
    walletWorld = await startWalletWorld('sqlite', { walletSettings: { rateLimitPerMinute: 1_000_000 } });
    person = await tokenSession(walletWorld.wallet.baseUrl, '191212121212');
  }, 60_000);
  afterAll(async () => {
    await verifierWorld?.stop();
    await walletWorld?.stop();
    process.stdout.write(`\n${summarizeFuzzRun('verifier+wallet')}\n`);
  });

  it('refuses any authorization response to an open request with a named reason', async () => {
    const created = await send(`${verifierWorld.verifier.url}/api/presentation-requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${verifierWorld.verifier.apiKeys.insurer}`,
      },
      body: JSON.stringify({ template: 'unemployment_claim' }),
    });
    const requestObject = await (await fetch((created.body as { request_uri: string }).request_uri)).text();
    const { response_uri: responseUri, state } = JSON.parse(
      Buffer.from(requestObject.split('.')[1], 'base64url').toString(),
    );
    await assertProperty(
      fc.asyncProperty(
        fc.record({
          vp_token: fc.oneof(
            hostileString,
            hostileJson.map((v) => JSON.stringify(v)),
            fc.constant(JSON.stringify({ registration: ['a.b.c~'] })),
          ),
          state: fc.oneof(hostileString, fc.constant(state as string)),
        }),
        async (fields) => {
          const response = await send(responseUri, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(fields as Record<string, string>).toString(),
          });
          assertRefused(response, 'direct_post');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('refuses any DCQL query a consumer sends that is not valid DCQL', async () => {
    await assertProperty(
      fc.asyncProperty(hostileJson, async (query) => {
        const response = await send(`${verifierWorld.verifier.url}/api/presentation-requests`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${verifierWorld.verifier.apiKeys.insurer}`,
          },
          body: JSON.stringify({ dcql_query: query, purpose: 'fuzz' }),
        });
        assertRefused(response, 'dcql_query');
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('refuses any credential offer or presentation request link the wallet cannot use', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom('/api/credential-offers', '/api/presentation-requests'),
        fc.oneof(
          hostileString,
          hostileJson.map(
            (v) => `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(v))}`,
          ),
          hostileString.map(
            (v) => `openid4vp://?client_id=${encodeURIComponent(v)}&request_uri=${encodeURIComponent(v)}`,
          ),
        ),
        async (path, link) => {
          const field = path === '/api/credential-offers' ? 'offer' : 'request';
          const response = await send(`${walletWorld.wallet.baseUrl}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...person.headers },
            body: JSON.stringify({ [field]: link }),
          });
          assertRefused(response, path);
        },
      ),
      { numRuns: fuzzRuns },
    );
    const held = await send(`${walletWorld.wallet.baseUrl}/api/credentials`, { headers: person.headers });
    expect((held.body as { credentials: unknown[] }).credentials).toEqual([]);
  });

  it('keeps the contact profile unchanged on any malformed edit, and takes only well-formed ones', async () => {
    const wallet = walletWorld.wallet.baseUrl;
    const before = await send(`${wallet}/api/profile`, { headers: person.headers });
    let lastAccepted = (before.body as { profile_version: number }).profile_version;
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(
          hostileJson,
          fc.record({
            address: fc.oneof(hostileJson, fc.constant(null)),
            emails: fc.array(fc.record({ address: hostileString }), { maxLength: 7 }),
            phones: fc.array(fc.record({ number: hostileString }), { maxLength: 7 }),
            preferred_language: fc.oneof(hostileString, fc.constant(null)),
            contact_preferences: fc.oneof(hostileJson, fc.constant(null)),
          }),
        ),
        async (edit) => {
          const response = await send(`${wallet}/api/profile`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', ...person.headers },
            body: JSON.stringify(edit),
          });
          if (response.status === 200)
            lastAccepted = (response.body as { profile_version: number }).profile_version;
          else assertRefused(response, 'PUT /api/profile');
        },
      ),
      { numRuns: fuzzRuns },
    );
    // Refused edits wrote nothing: the profile is at the version of the last accepted one.
    const after = await send(`${wallet}/api/profile`, { headers: person.headers });
    expect((after.body as { profile_version: number }).profile_version).toBe(lastAccepted);
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom('emails', 'phones'),
        hostileString,
        hostileJson,
        async (kind, id, code) => {
          const response = await send(`${wallet}/api/profile/${kind}/${encodeURIComponent(id)}/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...person.headers },
            body: JSON.stringify({ code }),
          });
          assertRefused(response, 'verify code');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });
});
