import fc from 'fast-check';
import { startIssuer, type RunningIssuer } from '../../issuer/test/start-issuer.js';
import { createHolderKey, createProof, fetchNonce, redeemOffer } from '../../issuer/test/wallet-client.js';
import {
  assertProperty,
  assertSpecError,
  fuzzRuns,
  hostileJson,
  hostileString,
  send,
  summarizeFuzzRun,
} from './fuzz-support.js';

/**
 * Hostile input at the issuer's trust boundaries, over real HTTP: token requests, credential
 * requests (bodies and proof JWTs), staff offers, deferred and notification requests. Every
 * answer is a spec error; nothing is a 5xx; the service stays up.
 */
describe('hostile input at the issuer', () => {
  let issuer: RunningIssuer;
  let accessToken: string;
  beforeAll(async () => {
    issuer = await startIssuer('sqlite', { settings: { rateLimitPerMinute: 1_000_000 } });
    ({ accessToken } = await redeemOffer({
      ...issuer,
      holder: 'af',
      pnr: '191212121212',
      configurationIds: ['registration_certificate'],
    }));
  });
  afterAll(async () => {
    await issuer.stop();
    process.stdout.write(`\n${summarizeFuzzRun('issuer')}\n`);
  });

  it('answers any token request form with a spec error', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'grant_type',
            'pre-authorized_code',
            'tx_code',
            'code',
            'code_verifier',
            'redirect_uri',
            'client_id',
            'x',
          ),
          hostileString,
        ),
        async (fields) => {
          const response = await send(`${issuer.baseUrl}/af/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(fields).toString(),
          });
          assertSpecError(response, 'token');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('answers any credential request body with a spec error', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.oneof(
          hostileJson,
          fc.record({
            credential_configuration_id: fc.oneof(fc.constant('registration_certificate'), hostileString),
            proofs: fc.oneof(hostileJson, fc.record({ jwt: fc.array(hostileString, { maxLength: 3 }) })),
          }),
        ),
        async (body) => {
          const response = await send(`${issuer.baseUrl}/af/credential`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
            body: JSON.stringify(body),
          });
          assertSpecError(response, 'credential');
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('refuses proofs whose header or payload was mutated', async () => {
    const key = await createHolderKey();
    await assertProperty(
      fc.asyncProperty(
        fc.record({
          typ: fc.oneof(fc.constant('openid4vci-proof+jwt'), hostileString),
          aud: fc.oneof(fc.constant(`${issuer.baseUrl}/af`), hostileString),
          iat: fc.oneof(fc.integer(), fc.constant(Math.floor(Date.now() / 1000) - 10_000)),
          header: fc.dictionary(fc.constantFrom('kid', 'x5c', 'jku', 'x5u'), hostileJson, { maxKeys: 2 }),
        }),
        async ({ typ, aud, iat, header }) => {
          const nonce = await fetchNonce(issuer.baseUrl, 'af');
          const jwt = await createProof({
            key,
            audience: aud as string,
            nonce,
            iat,
            typ: typ as string,
            header,
          });
          const response = await send(`${issuer.baseUrl}/af/credential`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
            body: JSON.stringify({
              credential_configuration_id: 'registration_certificate',
              proofs: { jwt: [jwt] },
            }),
          });
          // Either the untouched proof (a valid credential) or a spec error — never anything else.
          if (response.status !== 200) assertSpecError(response, 'proof');
        },
      ),
      { numRuns: Math.ceil(fuzzRuns / 3) },
    );
  });

  it('answers any staff offer, deferred or notification body with a spec error', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom('offers', 'deferred_credential', 'notification'),
        hostileJson,
        async (path, body) => {
          const authorization = path === 'offers' ? `Bearer ${issuer.apiKey}` : `Bearer ${accessToken}`;
          const response = await send(`${issuer.baseUrl}/af/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization },
            body: JSON.stringify(body),
          });
          assertSpecError(response, path);
        },
      ),
      { numRuns: fuzzRuns },
    );
  });
});
