import { createHash } from 'node:crypto';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import {
  startIssuerWithWalletClient,
  walletClient,
  walletRedirect,
  type IssuerWithWalletClient,
} from './issuer-with-wallet-client.js';
import type { RunningIssuer } from '../issuer/test/start-issuer.js';
import { RefreshTokenEntity } from '../issuer/src/refresh-token/refresh-token-entity.js';
import { UsageRecordEntity } from '../issuer/src/usage/usage-record-entity.js';
import {
  createHolderKey,
  createProof,
  fetchNonce,
  getJson,
  postForm,
  postJson,
  pushAuthorizationRequest,
  redeemOffer,
} from '../issuer/test/wallet-client.js';

const tolvan = '191212121212';
const samir = '198806244417';

/**
 * "Who has used my data" at a holder, over HTTP: the wallet gets a `usage_log` token with the
 * authorization code flow (PAR, PKCE, the holder's consent page, eID) and reads the person's
 * log at `GET /{holder}/usage`, where another body's look-up shows up.
 */
describe.each(testDatabaseKinds())('the person reads their usage log at a holder on %s', (kind) => {
  let world: IssuerWithWalletClient;
  let issuer: RunningIssuer;
  beforeAll(async () => {
    world = await startIssuerWithWalletClient(kind);
    issuer = world.issuer;
  });
  afterAll(() => world?.stop());

  /** PAR → consent page → eID → code → token, for `scope`; returns the token response and the page. */
  const authorize = (holder: string, identityNumber: string, scope: string) =>
    world.authorize(holder, identityNumber, scope);

  const usageToken = async (holder: string, identityNumber: string) =>
    (await authorize(holder, identityNumber, 'usage_log')).token.access_token as string;
  const readUsage = (holder: string, token: string, query = '') =>
    getJson(`${issuer.baseUrl}/${holder}/usage${query}`, { authorization: `Bearer ${token}` });
  const lookUp = (holder: string, identityNumber: string, purpose = 'Kontroll av rätt till ersättning') =>
    postJson(
      `${issuer.baseUrl}/${holder}/admin/lookups`,
      {
        personal_identity_number: identityNumber,
        fields: ['given_name', 'family_name'],
        purpose,
        legal_basis: '110 kap. 31 § socialförsäkringsbalken',
        requester: { org_number: '202100-5521', name: 'Försäkringskassan', system: 'Ersättning' },
      },
      { authorization: `Bearer ${issuer.staffKeys[holder]}` },
    );
  const countRows = () => issuer.ctx.db.dataSource.getRepository(UsageRecordEntity).count();

  it('names usage_log in the metadata and asks the person on the holder’s page', async () => {
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/oauth-authorization-server/af`);
    expect(metadata.body.scopes_supported).toEqual(
      expect.arrayContaining(['af_registration_certificate', 'usage_log']),
    );
    const { token, consentPage } = await authorize('af', tolvan, 'usage_log');
    expect(consentPage).toContain('Visa vem som har tagit del av dina uppgifter');
    expect(consentPage).toContain('Testplånboken');
    expect(consentPage).not.toContain('Inskrivningsintyg');
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(token.authorization_details).toBeUndefined();
  });

  it('shows another body’s look-up in the person’s log, newest first, with who, what, why and on which ground', async () => {
    const token = await usageToken('af', tolvan);
    expect((await lookUp('af', tolvan, 'Första kontrollen')).status).toBe(200);
    expect((await lookUp('af', tolvan, 'Andra kontrollen')).status).toBe(200);
    const log = await readUsage('af', token);
    expect(log.status).toBe(200);
    expect(log.headers.get('cache-control')).toBe('no-store');
    expect(log.body.usage.slice(0, 2)).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        action: 'lookup',
        receiver: { name: 'Försäkringskassan', org_number: '202100-5521', system: 'Ersättning' },
        fields: ['given_name', 'family_name'],
        purpose: 'Andra kontrollen',
        legal_basis: '110 kap. 31 § socialförsäkringsbalken',
      },
      expect.objectContaining({ purpose: 'Första kontrollen' }),
    ]);
  });

  it('pages newest first with an opaque cursor, neither skipping nor repeating an entry', async () => {
    const token = await usageToken('migrationsverket', samir);
    for (let i = 0; i < 45; i++)
      expect((await lookUp('migrationsverket', samir, `Kontroll ${i}`)).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await readUsage('migrationsverket', token, cursor ? `?cursor=${cursor}` : '');
      expect(page.status).toBe(200);
      expect(page.body.usage.length).toBeLessThanOrEqual(20);
      seen.push(...page.body.usage.map((u: { purpose: string }) => u.purpose));
      cursor = page.body.next_cursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `Kontroll ${44 - i}`));
    const small = await readUsage('migrationsverket', token, '?limit=100');
    expect(small.body.usage).toHaveLength(45);
    expect(small.body.next_cursor).toBeUndefined();
  });

  it('never shows another person’s log: the token decides whose, whatever the request says', async () => {
    await lookUp('skatteverket', tolvan, 'Om Tolvan');
    const samirs = await usageToken('skatteverket', samir);
    const tolvans = await usageToken('skatteverket', tolvan);
    const own = await readUsage('skatteverket', samirs, '?limit=100');
    expect(own.body.usage.map((u: { purpose: string }) => u.purpose)).not.toContain('Om Tolvan');
    // A cursor from Tolvan's log positions Samir's token in Samir's log only.
    await lookUp('skatteverket', tolvan, 'Om Tolvan igen');
    const tolvansPage = await readUsage('skatteverket', tolvans, '?limit=1');
    const mixed = await readUsage('skatteverket', samirs, `?cursor=${tolvansPage.body.next_cursor}`);
    expect(mixed.status).toBe(200);
    expect(JSON.stringify(mixed.body)).not.toContain('Tolvan');
    // Naming a person is not a parameter of this endpoint.
    const named = await readUsage('skatteverket', samirs, `?personal_identity_number=${tolvan}`);
    expect(named.status).toBe(400);
    expect(named.body.error).toBe('invalid_request');
    expect(JSON.stringify(named.body)).not.toContain('Tolvan');
  });

  it('keeps usage_log and credential tokens apart, and each holder’s tokens at that holder', async () => {
    const usage = await usageToken('af', tolvan);
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/af`,
      nonce: await fetchNonce(issuer.baseUrl, 'af'),
    });
    const atCredential = await postJson(
      `${issuer.baseUrl}/af/credential`,
      { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
      { authorization: `Bearer ${usage}` },
    );
    expect(atCredential.status).toBe(403);
    expect(atCredential.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'the access token grants no credential: a usage_log token only reads the usage log',
    });
    // A credential token, from either grant, does not read the log.
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'af',
      pnr: tolvan,
      configurationIds: ['registration_certificate'],
    });
    const viaCode = (await authorize('af', tolvan, 'af_registration_certificate')).token
      .access_token as string;
    for (const credentialToken of [accessToken, viaCode]) {
      const refused = await readUsage('af', credentialToken);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: 'insufficient_scope',
        error_description: 'the access token was not granted the usage_log scope',
      });
      expect(refused.headers.get('www-authenticate')).toBe(
        'Bearer error="insufficient_scope", scope="usage_log"',
      );
    }
    // Another holder's token.
    const elsewhere = await readUsage('skatteverket', usage);
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body).toEqual({
      error: 'invalid_token',
      error_description: 'the access token is not known to this issuer',
    });
    // One request does not ask for both.
    const both = await pushAuthorizationRequest(issuer.baseUrl, 'af', {
      response_type: 'code',
      client_id: walletClient.clientId,
      redirect_uri: walletRedirect,
      code_challenge: createHash('sha256').update('x'.repeat(43)).digest('base64url'),
      code_challenge_method: 'S256',
      scope: 'usage_log af_registration_certificate',
    });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_scope');
  });

  it('refuses bad input with the spec’s error and a clear description, changing nothing', async () => {
    const token = await usageToken('skola', tolvan);
    const before = await countRows();
    const cases: Array<[string, number, string, string]> = [
      ['?limit=101', 400, 'invalid_request', 'invalid query: limit: must be at most 100'],
      ['?limit=0', 400, 'invalid_request', 'invalid query: limit: must be at least 1'],
      ['?limit=ten', 400, 'invalid_request', 'invalid query: limit: must be a whole number from 1 to 100'],
      ['?cursor=%21%21', 400, 'invalid_request', 'invalid query: cursor: not a next_cursor from this log'],
      [
        `?cursor=${Buffer.from('u1.x.1').toString('base64url')}`,
        400,
        'invalid_request',
        'cursor is not a next_cursor from this log',
      ],
      [
        '?cursor=a&cursor=b',
        400,
        'invalid_request',
        'invalid query: cursor: Invalid input: expected string, received array',
      ],
    ];
    for (const [query, status, error, description] of cases) {
      const response = await readUsage('skola', token, query);
      expect({ query, status: response.status, body: response.body }).toEqual({
        query,
        status,
        body: { error, error_description: description },
      });
    }
    const none = await getJson(`${issuer.baseUrl}/skola/usage`);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_token');
    expect(none.headers.get('www-authenticate')).toBe('Bearer, DPoP');
    expect((await readUsage('skola', 'not-a-token')).body.error).toBe('invalid_token');
    // Expired: ten minutes on.
    issuer.advanceClock(601);
    try {
      const expired = await readUsage('skola', token);
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({
        error: 'invalid_token',
        error_description: 'the access token has expired',
      });
    } finally {
      issuer.advanceClock(-601);
    }
    expect(await countRows()).toBe(before);
  });

  const refresh = (holder: string, refreshToken: string, extra: Record<string, string> = {}) =>
    postForm(`${issuer.baseUrl}/${holder}/token`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: walletClient.clientId,
      ...extra,
    });

  it('keeps the log readable with rotated refresh tokens, and revokes the sign-in when one is replayed', async () => {
    const { token } = await authorize('af', samir, 'usage_log');
    const first = token.refresh_token as string;
    expect(first).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Stored by hash only.
    const rows = await issuer.ctx.db.dataSource.getRepository(RefreshTokenEntity).find();
    expect(JSON.stringify(rows)).not.toContain(first);
    // A credential sign-in gets none.
    expect((await authorize('af', samir, 'af_registration_certificate')).token.refresh_token).toBeUndefined();

    const rotated = await refresh('af', first);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const second = rotated.body.refresh_token as string;
    expect(second).not.toBe(first);
    expect((await readUsage('af', rotated.body.access_token)).status).toBe(200);

    // Wrong client, another holder, no client_id, a wider scope: refused, nothing used up.
    expect((await refresh('af', second, { client_id: 'other-wallet' })).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token was issued to another client',
    });
    expect((await refresh('skatteverket', second)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token is not known to this issuer',
    });
    const withoutClient = { grant_type: 'refresh_token', refresh_token: second };
    expect((await postForm(`${issuer.baseUrl}/af/token`, withoutClient)).body.error).toBe('invalid_request');
    expect((await refresh('af', second, { scope: 'usage_log af_registration_certificate' })).body.error).toBe(
      'invalid_scope',
    );

    // The first token again: a replay. Every token of the sign-in goes, the newest included.
    expect((await refresh('af', first)).body).toEqual({
      error: 'invalid_grant',
      error_description:
        'the refresh token has already been used: every token of this sign-in is now revoked',
    });
    expect((await refresh('af', second)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token has been revoked',
    });
  });

  it('lets the wallet revoke a sign-in (RFC 7009), and ends refresh after 30 days', async () => {
    const { token } = await authorize('skola', samir, 'usage_log');
    // RFC 7009 §2.2: 200 with no body, whatever became of the token.
    const revoke = async (form: Record<string, string>) => {
      const response = await fetch(`${issuer.baseUrl}/skola/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });
      return { status: response.status, text: await response.text() };
    };
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/oauth-authorization-server/skola`);
    expect(metadata.body.revocation_endpoint).toBe(`${issuer.baseUrl}/skola/revoke`);
    expect(metadata.body.grant_types_supported).toContain('refresh_token');

    // Another client's revocation, or an unknown token: 200, and nothing happens.
    expect(await revoke({ token: token.refresh_token, client_id: 'other-wallet' })).toEqual({
      status: 200,
      text: '',
    });
    expect(await revoke({ token: token.access_token, client_id: 'other-wallet' })).toEqual({
      status: 200,
      text: '',
    });
    expect((await revoke({ token: 'unknown', client_id: walletClient.clientId })).status).toBe(200);
    expect((await readUsage('skola', token.access_token)).status).toBe(200);
    const missing = await revoke({ client_id: walletClient.clientId });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).error).toBe('invalid_request');

    const rotated = await refresh('skola', token.refresh_token);
    expect(rotated.status).toBe(200);
    await revoke({ token: rotated.body.access_token, client_id: walletClient.clientId });
    expect((await readUsage('skola', rotated.body.access_token)).body).toEqual({
      error: 'invalid_token',
      error_description: 'the access token is not known to this issuer',
    });
    await revoke({ token: rotated.body.refresh_token, client_id: walletClient.clientId });
    expect((await refresh('skola', rotated.body.refresh_token)).body.error_description).toBe(
      'the refresh token has been revoked',
    );

    // A fresh sign-in refreshes for 30 days from the sign-in, not from the last refresh.
    const later = (await authorize('skola', samir, 'usage_log')).token;
    issuer.advanceClock(29 * 86_400);
    try {
      const within = await refresh('skola', later.refresh_token);
      expect(within.status).toBe(200);
      issuer.advanceClock(86_400);
      expect((await refresh('skola', within.body.refresh_token)).body).toEqual({
        error: 'invalid_grant',
        error_description: 'the refresh token has expired: the person signs in again',
      });
    } finally {
      issuer.advanceClock(-30 * 86_400);
    }
  });
});
