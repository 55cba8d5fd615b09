import fc from 'fast-check';
import { startIssuer, type RunningIssuer } from '../../issuer/test/start-issuer.js';
import {
  assertProperty,
  assertSpecError,
  fuzzRuns,
  fuzzTally,
  hostileString,
  send,
  summarizeFuzzRun,
} from './fuzz-support.js';

/**
 * Hostile input at the holders' authorization endpoints, over real HTTP. The PAR endpoint
 * answers with a spec error (or accepts a request that is valid after all); the endpoints the
 * person's browser opens answer with the holder's error page: never a redirect, never a 5xx,
 * never a stack trace.
 */
const walletRedirect = 'https://wallet.example/oid4vci/callback';
const validPush = {
  response_type: 'code',
  client_id: 'wallet-under-test',
  redirect_uri: walletRedirect,
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
  scope: 'af_registration_certificate',
};
const fields = [...Object.keys(validPush), 'authorization_details', 'state', 'request_uri', 'x'];

function assertErrorPage(
  response: { status: number; body: unknown },
  location: string | null,
  context: string,
) {
  const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  const ok =
    response.status === 400 &&
    location === null &&
    body.includes('Något gick fel') &&
    !/\bat .+\.(js|ts):\d+/.test(body);
  if (!ok) throw new Error(`${context}: ${response.status} ${location ?? ''} ${body.slice(0, 300)}`);
}

async function sendManual(url: string, init: RequestInit = {}) {
  fuzzTally.requests++;
  const response = await fetch(url, { ...init, redirect: 'manual' });
  return { status: response.status, body: await response.text(), location: response.headers.get('location') };
}

describe('hostile input at the holders’ authorization endpoints', () => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer('sqlite', {
      settings: { rateLimitPerMinute: 1_000_000 },
      walletClients: [
        {
          clientId: 'wallet-under-test',
          name: { sv: 'Testplånboken', en: 'The test wallet' },
          redirectUris: [walletRedirect],
          source: 'configuration',
        },
      ],
    });
  });
  afterAll(async () => {
    await issuer.stop();
    process.stdout.write(`\n${summarizeFuzzRun('issuer authorization')}\n`);
  });

  it('answers any pushed authorization request with a spec error or a request_uri', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.boolean(),
        fc.dictionary(fc.constantFrom(...fields), hostileString),
        async (fromValid, hostile) => {
          const form = fromValid ? { ...validPush, ...hostile } : hostile;
          const response = await send(`${issuer.baseUrl}/af/par`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form).toString(),
          });
          if (response.status === 201) {
            expect((response.body as { request_uri: string }).request_uri).toMatch(
              /^urn:ietf:params:oauth:request_uri:/,
            );
            // Only the registered client and redirect URI ever get a request_uri.
            expect(form.client_id).toBe('wallet-under-test');
            expect(form.redirect_uri).toBe(walletRedirect);
          } else assertSpecError(response, 'par');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('shows the holder’s error page for any authorization request that is not a fresh request_uri', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...fields, 'redirect_uri', 'response_mode'), hostileString),
        async (query) => {
          const response = await sendManual(`${issuer.baseUrl}/af/authorize?${new URLSearchParams(query)}`);
          assertErrorPage(response, response.location, 'authorize');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('shows the holder’s error page for any consent form it did not hand out', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('consent_token', 'decision', 'lang', 'x'), hostileString),
        async (form) => {
          const response = await sendManual(`${issuer.baseUrl}/af/authorize/decision`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form).toString(),
          });
          assertErrorPage(response, response.location, 'decision');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });
});
