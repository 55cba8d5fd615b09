import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, signIn } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const run = promisify(execFile);
const tolvan = '191212121212';

describe.each(testDatabaseKinds())('wallet accounts, sessions and tokens on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('refuses the API without a session or token', async () => {
    const response = await api(wallet, undefined, 'GET', '/api/credentials');
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_token');
    expect((await api(wallet, undefined, 'GET', '/api/session')).body).toEqual({
      signed_in: false,
      login_url: '/auth/login',
    });
    const bad = await api(
      wallet,
      { headers: { authorization: 'Bearer mpw_nope' } },
      'GET',
      '/api/credentials',
    );
    expect(bad.status).toBe(401);
  });

  it('signs in with eID into an HttpOnly SameSite=Lax session and refuses cookie POSTs without the CSRF token', async () => {
    const start = await fetch(`${wallet}/auth/login`, { redirect: 'manual' });
    expect(new URL(start.headers.get('location')!).origin).toBe(world.eid.issuer);
    const session = await signIn(wallet, tolvan);
    const me = await api(wallet, { headers: { cookie: session.cookie } }, 'GET', '/api/session');
    // The idle time the page keeps passkey-unlocked keys (WALLET_KEY_IDLE_SECONDS, docs/passkeys.md).
    expect(me.body).toMatchObject({ signed_in: true, identity_number: tolvan, key_idle_seconds: 900 });

    const withoutCsrf = await api(wallet, { headers: { cookie: session.cookie } }, 'POST', '/api/tokens', {
      name: 'x',
    });
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.error).toBe('access_denied');
    const wrongCsrf = await api(
      wallet,
      { headers: { cookie: session.cookie, 'x-csrf-token': 'guess' } },
      'POST',
      '/api/tokens',
      {
        name: 'x',
      },
    );
    expect(wrongCsrf.status).toBe(403);
    const deleteWithoutCsrf = await api(
      wallet,
      { headers: { cookie: session.cookie } },
      'DELETE',
      '/api/log',
    );
    expect(deleteWithoutCsrf.status).toBe(403);
    // GET needs no CSRF token.
    expect(
      (await api(wallet, { headers: { cookie: session.cookie } }, 'GET', '/api/credentials')).status,
    ).toBe(200);

    const created = await api(wallet, session, 'POST', '/api/tokens', { name: 'my script' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^mpw_/);
    const bearer = { headers: { authorization: `Bearer ${created.body.token}` } };
    // A token cannot mint tokens: a leaked one could otherwise leave successors behind.
    const minted = await api(wallet, bearer, 'POST', '/api/tokens', { name: 'second' });
    expect(minted.status).toBe(403);
    expect(minted.body.error).toBe('insufficient_scope');
    expect(minted.body).not.toHaveProperty('token');
    expect((await api(wallet, session, 'POST', '/api/tokens', { name: 'second' })).status).toBe(201);
    const tokens = await api(wallet, bearer, 'GET', '/api/tokens');
    expect(tokens.body.tokens.map((t: any) => t.name).sort()).toEqual(['my script', 'second']);
    // A bearer token needs no CSRF header (no ambient credential is involved).
    expect(JSON.stringify(tokens.body)).not.toContain(created.body.token);
    expect((await api(wallet, bearer, 'DELETE', `/api/tokens/${created.body.id}`)).status).toBe(204);
    expect((await api(wallet, bearer, 'GET', '/api/tokens')).status).toBe(401);

    const logout = await api(wallet, session, 'POST', '/auth/logout');
    expect(logout.status).toBe(204);
    expect(
      (await api(wallet, { headers: { cookie: session.cookie } }, 'GET', '/api/credentials')).status,
    ).toBe(401);
  });

  it('binds sign-in to the browser, sets the session cookie HttpOnly and SameSite=Lax, never follows a foreign return_to', async () => {
    const start = await fetch(`${wallet}/auth/login?return_to=//evil.example/x`, { redirect: 'manual' });
    const { loginWithTestEid } = await import('@min-profil/shared/testing/eid-login');
    const loginCookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(loginCookie).toMatch(/^min_profil_login=/);
    const callback = await loginWithTestEid({
      authorizationUrl: start.headers.get('location')!,
      identityNumber: tolvan,
    });
    // Another browser (without the sign-in cookie) cannot use the callback: no login CSRF.
    const elsewhere = await fetch(callback, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { error_description: string }).error_description).toMatch(
      /another browser/,
    );
    const back = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
    expect(back.headers.get('location')).toBe('/');
    const cookie = back.headers.getSetCookie().find((c) => c.startsWith('min_profil_wallet='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it('creates a token (and the account) from the command line: npm run wallet:token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wallet-cli-'));
    try {
      const env = {
        ...process.env,
        DATA_DIR: dataDir,
        WALLET_DATABASE_URL: world.wallet.database.url,
        WALLET_DATABASE_SCHEMA: world.wallet.database.schema,
        WALLET_MASTER_KEY: world.wallet.masterKey,
        WALLET_KMS_KEY: world.wallet.kmsKey,
        LOG_LEVEL: 'silent',
      };
      const { stdout } = await run('node', ['wallet/dist/cli/create-token.js', '19701108-2232'], { env });
      const token = stdout.trim();
      expect(token).toMatch(/^mpw_[A-Za-z0-9_-]{43}$/);
      const session = await api(
        wallet,
        { headers: { authorization: `Bearer ${token}` } },
        'GET',
        '/api/credentials',
      );
      expect(session.status).toBe(200);
      expect((await world.wallet.ctx.store.findAccountByIdentity('197011082232'))?.id).toBeDefined();
      await expect(
        run('node', ['wallet/dist/cli/create-token.js', 'not-a-number'], { env }),
      ).rejects.toMatchObject({ code: 2 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
