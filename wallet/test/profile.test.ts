import { randomUUID } from 'node:crypto';
import { ES256, digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { pino } from 'pino';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { ProfileDeliveryEntity, StandingPermissionEntity } from '../src/persistence/permission-entities.js';
import { signProfileCredential } from '../src/profile/sign-profile-credential.js';
import { openDirectSession } from './direct-session.js';
import { startWallet, type RunningWallet } from './start-wallet.js';
import { api, type WalletSession } from './wallet-api.js';

const address = {
  street_address: 'Storgatan 12',
  postal_code: '111 22',
  locality: 'Stockholm',
  country: 'SE',
};

function profileBody(overrides: Record<string, unknown> = {}) {
  return {
    address,
    emails: [{ address: 'tolvan@example.se' }],
    phones: [{ number: '+46 70 123 45 67' }],
    preferred_language: 'sv',
    contact_preferences: {
      default: ['digital_mailbox', 'email'],
      by_matter: { appointments: ['sms', 'email'] },
    },
    ...overrides,
  };
}

describe.each(testDatabaseKinds())('the contact profile on %s', (kind) => {
  let wallet: RunningWallet;
  let base: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    wallet = await startWallet(kind, {
      trustList: {
        get: async () => ({
          version: 1,
          operator: 'test',
          issued_at: '2026-11-29T00:00:00Z',
          issuers: [],
          consumers: [],
        }),
      },
      logger,
    });
    base = wallet.baseUrl;
  });
  afterAll(async () => {
    await wallet?.stop();
  });

  /** A fresh person (own rate limits) with a saved profile. */
  async function personWithProfile(overrides: Record<string, unknown> = {}) {
    const session = await openDirectSession(wallet.ctx, `test-${randomUUID()}`);
    const saved = await api(base, session, 'PUT', '/api/profile', profileBody(overrides));
    expect(saved.status).toBe(200);
    return { session, profile: saved.body };
  }

  /** The newest code to `recipient` in this person's demo outbox. */
  async function latestCodeTo(session: WalletSession, recipient: string): Promise<string> {
    const outbox = await api(base, session, 'GET', '/demo/outbox.json');
    const message = outbox.body.messages.find((m: { to: string }) => m.to === recipient);
    return /\b(\d{6})\b/.exec(message.text)![1]!;
  }

  async function sendCode(session: WalletSession, kind: 'emails' | 'phones', id: string) {
    return api(base, session, 'POST', `/api/profile/${kind}/${id}/code`);
  }

  it('starts empty, saves an edit as version 1 and leaves the version alone when nothing changed', async () => {
    const session = await openDirectSession(wallet.ctx, `test-${randomUUID()}`);
    const empty = await api(base, session, 'GET', '/api/profile');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      profile_version: 0,
      updated_at: null,
      profile: { address: null, emails: [], phones: [], preferred_language: null, contact_preferences: null },
      address_suggestion: null,
      can_send_codes: true,
    });

    const saved = await api(base, session, 'PUT', '/api/profile', profileBody());
    expect(saved.status).toBe(200);
    expect(saved.body.profile_version).toBe(1);
    expect(saved.body.changed).toEqual([
      'address',
      'emails',
      'phones',
      'preferred_language',
      'contact_preferences',
    ]);
    expect(saved.body.profile).toMatchObject({
      address: { ...address, source: 'self' },
      emails: [{ id: expect.any(String), address: 'tolvan@example.se', verified: false, verified_at: null }],
      // Spaces people type are dropped: E.164.
      phones: [{ id: expect.any(String), number: '+46701234567', verified: false }],
      preferred_language: 'sv',
      contact_preferences: {
        default: ['digital_mailbox', 'email'],
        by_matter: { appointments: ['sms', 'email'] },
      },
    });

    const same = await api(base, session, 'PUT', '/api/profile', {
      ...profileBody(),
      emails: saved.body.profile.emails.map(({ id, address }: any) => ({ id, address })),
    });
    expect(same.body.profile_version).toBe(1);
    expect(same.body.changed).toEqual([]);

    const next = await api(base, session, 'PUT', '/api/profile', {
      ...profileBody(),
      preferred_language: 'en',
    });
    expect(next.body.profile_version).toBe(2);
    expect(next.body.changed).toEqual(['preferred_language']);

    // An edit made from an old version is refused, not merged.
    const stale = await api(base, session, 'PUT', '/api/profile', { ...profileBody(), profile_version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'invalid_request', profile_version: 2 });
  });

  it('is described in the OpenAPI document', async () => {
    const document = await api(base, undefined, 'GET', '/api/openapi.json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/profile',
        '/api/profile/emails/{id}/code',
        '/api/profile/emails/{id}/verify',
        '/api/profile/phones/{id}/code',
        '/api/profile/phones/{id}/verify',
        '/.well-known/jwks.json',
      ]),
    );
  });

  it('refuses malformed fields without echoing them, and needs the CSRF header', async () => {
    const session = await openDirectSession(wallet.ctx, `test-${randomUUID()}`);
    for (const bad of [
      { emails: [{ address: 'not-an-address' }] },
      { phones: [{ number: '0701234567' }] },
      { contact_preferences: { default: ['pigeon'] } },
      { contact_preferences: { default: ['email', 'email'] } },
      { contact_preferences: { default: ['email'], by_matter: { parking: ['sms'] } } },
      { address: { ...address, country: 'Sverige' } },
      { address: { ...address, street_address: 'x'.repeat(201) } },
      { preferred_language: 'svenska!' },
      { emails: [{ id: 'nope', address: 'a@example.se' }] },
    ]) {
      const answer = await api(base, session, 'PUT', '/api/profile', profileBody(bad));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
      expect(answer.text).not.toMatch(/not-an-address|0701234567|pigeon|Sverige|svenska/);
    }
    const noCsrf = await api(
      base,
      { headers: { cookie: session.cookie } },
      'PUT',
      '/api/profile',
      profileBody(),
    );
    expect(noCsrf.status).toBe(403);
    expect((await api(base, undefined, 'GET', '/api/profile')).status).toBe(401);
  });

  it('verifies an e-mail address with the code from the outbox and signs a proof bound to the holder key', async () => {
    const { session, profile } = await personWithProfile();
    const email = profile.profile.emails[0];
    const sent = await sendCode(session, 'emails', email.id);
    expect(sent.status).toBe(202);
    expect(sent.body.expires_at).toMatch(/^\d{4}-/);

    const outbox = await api(base, session, 'GET', '/demo/outbox.json');
    expect(outbox.body.messages[0]).toMatchObject({ channel: 'email', to: 'tolvan@example.se' });
    const page = await fetch(`${base}/demo/outbox`, { headers: { cookie: session.cookie } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<html lang="sv">');

    const code = await latestCodeTo(session, 'tolvan@example.se');
    const verified = await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, { code });
    expect(verified.status).toBe(200);
    expect(verified.body.profile_version).toBe(profile.profile_version + 1);
    expect(verified.body.profile.emails[0]).toMatchObject({
      verified: true,
      verified_at: expect.any(String),
    });

    // The same code does not work twice.
    const again = await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, { code });
    expect(again.status).toBe(400);
    expect(again.body.reason).toBe('no_code');

    // The proof travels in the profile credential; it verifies against the wallet's JWKS.
    const signed = await signProfileCredential(wallet.ctx, session.accountId, {
      fields: ['emails'],
      changeId: 'c1',
    });
    const sdjwt = new SDJwtVcInstance({
      hasher: digest,
      verifier: await ES256.getVerifier(signed.holderJwk),
    });
    const { payload } = await sdjwt.verify(signed.sdJwt, { currentDate: wallet.ctx.now() });
    const [emailClaim] = payload.emails as Array<{
      address: string;
      verification: string;
      verified_at: number;
    }>;
    const jwks = await api(base, undefined, 'GET', '/.well-known/jwks.json');
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256' })]);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    const proof = await jwtVerify(emailClaim!.verification, createLocalJWKSet(jwks.body), {
      typ: 'channel-verification+jwt',
      issuer: base,
    });
    expect(decodeProtectedHeader(emailClaim!.verification).kid).toBe(jwks.body.keys[0].kid);
    expect(proof.payload).toMatchObject({
      sub: await calculateJwkThumbprint(signed.holderJwk as JWK, 'sha256'),
      channel: 'email',
      value: 'tolvan@example.se',
      verified_at: emailClaim!.verified_at,
    });
  });

  it('verifies a phone number by SMS code', async () => {
    const { session, profile } = await personWithProfile();
    const phone = profile.profile.phones[0];
    expect((await sendCode(session, 'phones', phone.id)).status).toBe(202);
    const code = await latestCodeTo(session, '+46701234567');
    const outbox = await api(base, session, 'GET', '/demo/outbox.json');
    expect(outbox.body.messages[0]).toMatchObject({ channel: 'sms', subject: null });
    const verified = await api(base, session, 'POST', `/api/profile/phones/${phone.id}/verify`, { code });
    expect(verified.status).toBe(200);
    expect(verified.body.profile.phones[0].verified).toBe(true);
  });

  it('locks a code after five wrong tries', async () => {
    const { session, profile } = await personWithProfile();
    const email = profile.profile.emails[0];
    await sendCode(session, 'emails', email.id);
    const code = await latestCodeTo(session, 'tolvan@example.se');
    const wrong = code === '000000' ? '111111' : '000000';
    for (const left of [4, 3, 2, 1]) {
      const answer = await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, {
        code: wrong,
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error: 'invalid_grant',
        reason: 'wrong_code',
        attempts_left: left,
      });
    }
    const fifth = await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, { code: wrong });
    expect(fifth.body).toMatchObject({ reason: 'locked', attempts_left: 0 });
    const right = await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, { code });
    expect(right.status).toBe(400);
    expect(right.body.reason).toBe('locked');
    expect((await api(base, session, 'GET', '/api/profile')).body.profile.emails[0].verified).toBe(false);
    const malformed = await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, {
      code: '12',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid_request');
  });

  it('refuses an expired code and limits how often codes are sent', async () => {
    const { session, profile } = await personWithProfile();
    const email = profile.profile.emails[0];
    await sendCode(session, 'emails', email.id);
    const code = await latestCodeTo(session, 'tolvan@example.se');
    const tooSoon = await sendCode(session, 'emails', email.id);
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);

    wallet.advanceClock(601);
    const expired = await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, { code });
    expect(expired.status).toBe(400);
    expect(expired.body.reason).toBe('expired');

    // A new code replaces the old one and works.
    expect((await sendCode(session, 'emails', email.id)).status).toBe(202);
    const fresh = await latestCodeTo(session, 'tolvan@example.se');
    const ok = await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, { code: fresh });
    expect(ok.status).toBe(200);
    expect((await sendCode(session, 'emails', email.id)).status).toBe(409);
    expect((await sendCode(session, 'emails', 'unknown')).status).toBe(404);
  });

  it('keeps verifications when the address changes, and clears an e-mail verification when the e-mail changes', async () => {
    const { session, profile } = await personWithProfile({
      emails: [{ address: 'tolvan@example.se' }, { address: 'jobb@example.se' }],
    });
    const [first, second] = profile.profile.emails;
    for (const email of [first, second]) {
      await sendCode(session, 'emails', email.id);
      const code = await latestCodeTo(session, email.address);
      expect(
        (await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, { code })).status,
      ).toBe(200);
    }
    const emails = [
      { id: first.id, address: 'tolvan@example.se' },
      { id: second.id, address: 'jobb@example.se' },
    ];
    const moved = await api(base, session, 'PUT', '/api/profile', {
      ...profileBody({ emails }),
      address: { ...address, street_address: 'Lillgatan 3' },
    });
    expect(moved.body.changed).toEqual(['address']);
    expect(moved.body.profile.emails.map((e: any) => e.verified)).toEqual([true, true]);

    const changed = await api(base, session, 'PUT', '/api/profile', {
      ...profileBody({ emails: [emails[0], { id: second.id, address: 'ny@example.se' }] }),
      address: { ...address, street_address: 'Lillgatan 3' },
    });
    expect(changed.body.changed).toEqual(['emails']);
    expect(changed.body.profile.emails).toMatchObject([
      { id: first.id, verified: true },
      { id: second.id, address: 'ny@example.se', verified: false, verified_at: null },
    ]);
    const signed = await signProfileCredential(wallet.ctx, session.accountId, {
      fields: ['emails'],
      changeId: 'x',
    });
    const sdjwt = new SDJwtVcInstance({
      hasher: digest,
      verifier: await ES256.getVerifier(signed.holderJwk),
    });
    const { payload } = await sdjwt.verify(signed.sdJwt, { currentDate: wallet.ctx.now() });
    expect(payload.emails).toEqual([
      expect.objectContaining({ address: 'tolvan@example.se', verified: true }),
      { address: 'ny@example.se', verified: false },
    ]);
  });

  it('signs the profile as a self-issued SD-JWT VC that discloses only the chosen fields', async () => {
    const { session, profile } = await personWithProfile();
    const signed = await signProfileCredential(wallet.ctx, session.accountId, {
      fields: ['address', 'preferred_language'],
      changeId: 'change-1',
    });
    expect(signed.sdJwt.endsWith('~')).toBe(true);
    expect(signed.profileVersion).toBe(profile.profile_version);
    expect(signed.sdJwt.split('~').filter(Boolean)).toHaveLength(3);

    const sdjwt = new SDJwtVcInstance({
      hasher: digest,
      verifier: await ES256.getVerifier(signed.holderJwk),
      kbVerifier: await ES256.getVerifier(signed.holderJwk),
    });
    const presented = await signed.appendKeyBinding({
      audience: 'x509_san_dns:school.example',
      nonce: 'n-1',
    });
    const result = await sdjwt.verify(presented, { keyBindingNonce: 'n-1', currentDate: wallet.ctx.now() });
    expect(result.payload).toMatchObject({
      vct: contactProfileVct,
      iss: signed.holderDid,
      cnf: { jwk: signed.holderJwk },
      profile_version: profile.profile_version,
      change_id: 'change-1',
      address: { ...address, source: 'self' },
      preferred_language: 'sv',
    });
    expect(signed.holderDid).toBe(
      `did:jwk:${Buffer.from(JSON.stringify(signed.holderJwk)).toString('base64url')}`,
    );
    expect(result.payload).not.toHaveProperty('emails');
    expect(result.payload).not.toHaveProperty('phones');
    expect(result.payload).not.toHaveProperty('contact_preferences');
    expect(result.kb?.payload).toMatchObject({ aud: 'x509_san_dns:school.example', nonce: 'n-1' });

    // One stable holder key per account.
    const again = await signProfileCredential(wallet.ctx, session.accountId, { fields: [], changeId: 'c2' });
    expect(again.holderJwk).toEqual(signed.holderJwk);
    expect(again.sdJwt.split('~').filter(Boolean)).toHaveLength(1);
    await expect(
      signProfileCredential(wallet.ctx, session.accountId, { fields: ['given_name'], changeId: 'c3' }),
    ).rejects.toThrow('not contact profile claims');
  });

  it('discloses every chosen field, an empty one as null', async () => {
    const { session } = await personWithProfile({
      address: null,
      emails: [],
      preferred_language: null,
      contact_preferences: null,
    });
    const fields = ['address', 'emails', 'preferred_language', 'contact_preferences'];
    const signed = await signProfileCredential(wallet.ctx, session.accountId, { fields, changeId: 'c-null' });
    // One disclosure per chosen field, filled or not.
    expect(signed.sdJwt.split('~').filter(Boolean)).toHaveLength(1 + fields.length);
    const sdjwt = new SDJwtVcInstance({
      hasher: digest,
      verifier: await ES256.getVerifier(signed.holderJwk),
    });
    const { payload } = await sdjwt.verify(signed.sdJwt, { currentDate: wallet.ctx.now() });
    expect(payload).toMatchObject({
      address: null,
      emails: [],
      preferred_language: null,
      contact_preferences: null,
    });
    expect(payload).not.toHaveProperty('phones');
  });

  it('shows the demo outbox only to the signed-in person, and only their own messages', async () => {
    const { session, profile } = await personWithProfile({ emails: [{ address: 'egen@example.se' }] });
    const other = await personWithProfile({ emails: [{ address: 'annan@example.se' }] });
    expect((await sendCode(session, 'emails', profile.profile.emails[0].id)).status).toBe(202);
    expect((await sendCode(other.session, 'emails', other.profile.profile.emails[0].id)).status).toBe(202);

    expect((await api(base, undefined, 'GET', '/demo/outbox.json')).status).toBe(401);
    const anonymousPage = await fetch(`${base}/demo/outbox`, { redirect: 'manual' });
    expect(anonymousPage.status).toBe(303);
    expect(anonymousPage.headers.get('location')).toBe('/auth/login?return_to=%2Fdemo%2Foutbox');

    const mine = await api(base, session, 'GET', '/demo/outbox.json');
    expect(mine.body.messages.map((m: { to: string }) => m.to)).toEqual(['egen@example.se']);
    const page = await (
      await fetch(`${base}/demo/outbox`, { headers: { cookie: other.session.cookie } })
    ).text();
    expect(page).toContain('annan@example.se');
    expect(page).not.toContain('egen@example.se');
  });

  it('sends one code when ten requests for it arrive at once', async () => {
    const { session, profile } = await personWithProfile({ emails: [{ address: 'parallell@example.se' }] });
    const email = profile.profile.emails[0];
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => sendCode(session, 'emails', email.id)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, ...Array(9).fill(429)]);
    const outbox = await api(base, session, 'GET', '/demo/outbox.json');
    expect(outbox.body.messages).toHaveLength(1);
  });

  it('queues a delivery to each standing permission in the transaction that saves the change', async () => {
    const { session, profile } = await personWithProfile();
    const manager = wallet.ctx.db.dataSource.manager;
    await manager.insert(StandingPermissionEntity, {
      id: randomUUID(),
      accountId: session.accountId,
      clientId: 'x509_san_dns:school.example',
      consumerName: null,
      // Nobody listens: the delivery stays in the outbox.
      updateEndpoint: 'http://127.0.0.1:9/updates',
      nonceEndpoint: 'http://127.0.0.1:9/nonce',
      fields: ['address'],
      grantedFields: ['address'],
      status: 'active',
      createdAt: wallet.ctx.now(),
      withdrawnAt: null,
      withdrawnBy: null,
      lastDeliveredAt: null,
      lastDeliveredVersion: null,
    });
    const saved = await api(base, session, 'PUT', '/api/profile', profileBody({ preferred_language: 'en' }));
    expect(saved.body.profile_version).toBe(profile.profile_version + 1);
    const queued = await manager.findBy(ProfileDeliveryEntity, { accountId: session.accountId });
    expect(queued.map((d) => d.profileVersion)).toEqual([saved.body.profile_version]);
  });

  it('logs each change by claim name only, and keeps no e-mail, number or code in logs or in plain text at rest', async () => {
    const { session, profile } = await personWithProfile({
      emails: [{ address: 'hemlig@example.se' }],
      phones: [{ number: '+46709998877' }],
    });
    const email = profile.profile.emails[0];
    await sendCode(session, 'emails', email.id);
    const code = await latestCodeTo(session, 'hemlig@example.se');
    await api(base, session, 'POST', `/api/profile/emails/${email.id}/verify`, { code });

    const log = await api(base, session, 'GET', '/api/log?event=profile_change');
    const entries = log.body.entries.map((e: any) => [e.claims, e.outcome]);
    expect(entries).toHaveLength(2);
    expect(entries).toEqual(
      expect.arrayContaining([
        [['emails'], 'email_verified'],
        [['address', 'emails', 'phones', 'preferred_language', 'contact_preferences'], 'updated'],
      ]),
    );
    expect(log.text).not.toMatch(/hemlig|46709998877|Storgatan/);

    const serverLog = logLines.join('\n');
    expect(serverLog).toMatch(/verification code queued/);
    expect(serverLog).not.toMatch(/hemlig|46709998877|Storgatan/);
    expect(serverLog).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));

    const query = (sql: string) =>
      wallet.ctx.db.dataSource.query(sql) as Promise<Array<Record<string, unknown>>>;
    const profiles = JSON.stringify(await query('SELECT * FROM wallet_profile'));
    expect(profiles).not.toMatch(/hemlig|46709998877|Storgatan|example\.se/);
    const codes = JSON.stringify(await query('SELECT * FROM wallet_profile_code'));
    expect(codes).not.toMatch(/hemlig|46709998877/);
    expect(codes).not.toContain(`"${code}"`);
  });
});
