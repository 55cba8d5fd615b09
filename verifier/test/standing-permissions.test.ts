import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK } from 'jose';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import {
  demoRegistrations,
  schoolGuardianRegistration,
} from '@min-profil/shared/trust-list/demo-registrations';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { demoConsumers } from '../src/consumers/consumer-config.js';
import {
  createTestHolder,
  httpJson,
  issueContactProfile,
  presentContactProfile,
  randomChangeId,
  randomPermissionId,
  signChannelVerification,
  signWithdrawal,
  type TestHolder,
} from './contact-profile-holder.js';
import {
  createMutableTrustList,
  startVerifier,
  testApiKeys,
  type RunningVerifier,
} from './start-verifier.js';
import { fetchAuthorizationRequest, postResponse } from './test-wallet.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: Record<string, any>;
}

/** The consumer's own system: a real HTTP server that records every webhook POST. */
async function startWebhookReceiver(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Record<string, any> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const address = {
  street_address: 'Storgatan 1',
  postal_code: '111 22',
  locality: 'Exempelby',
  country: 'SE',
  source: 'self',
};

describe.each(testDatabaseKinds())('standing permissions on %s', (kind) => {
  let verifier: RunningVerifier;
  /** A second instance of the same deployment (same database), as behind a load balancer. */
  let second: RunningVerifier;
  let trustList: TrustList;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let holder: TestHolder;
  const walletKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const clientIdOf = (id: string) => verifier.ctx.consumers.get(id)!.keys.clientId;
  const endpoints = (id: string) => ({
    nonce: `${verifier.baseUrl}/consumers/${id}/standing-permissions/nonce`,
    updates: `${verifier.baseUrl}/consumers/${id}/standing-permissions/updates`,
  });
  const api = (consumerId: string, path: string) =>
    httpJson(`${verifier.url}${path}`, {
      headers: { authorization: `Bearer ${verifier.apiKeys[consumerId]}` },
    });

  async function profileClaims(options: { emailProof?: boolean } = {}) {
    const email = 'anna@example.se';
    const verification = options.emailProof
      ? await signChannelVerification({
          walletKey: walletKey.privateKey,
          kid: 'wallet-1',
          holder,
          channel: 'email',
          value: email,
          verifiedAt: 1_790_000_000,
        })
      : undefined;
    return {
      address,
      emails: [
        {
          address: email,
          verified: true,
          verified_at: 1_790_000_000,
          ...(verification ? { verification } : {}),
        },
      ],
      // Claimed verified, but without a wallet provider's proof: treated as self-asserted.
      phones: [{ number: '+46701234567', verified: true }],
      preferred_language: 'sv',
      contact_preferences: { default: ['digital_mailbox', 'email'], by_matter: { payments: ['sms'] } },
    };
  }

  async function fetchNonce(consumerId: string): Promise<string> {
    const answer = await httpJson(endpoints(consumerId).nonce, { method: 'POST' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    return answer.body.c_nonce as string;
  }

  /** A fresh nonce, a freshly signed version, one POST to the update endpoint. */
  async function deliver(options: {
    consumerId: string;
    permissionId: string;
    version: number;
    changeId?: string;
    claims: Record<string, unknown>;
    fields?: string[];
    nonce?: string;
    audience?: string;
    as?: TestHolder;
    signWith?: TestHolder;
  }) {
    const as = options.as ?? holder;
    const credential = await issueContactProfile({
      holder: as,
      claims: options.claims,
      profileVersion: options.version,
      changeId: options.changeId ?? randomChangeId(),
      signWith: options.signWith?.privateKey,
    });
    const nonce = options.nonce ?? (await fetchNonce(options.consumerId));
    const vpToken = await presentContactProfile({
      credential,
      holder: as,
      fields: options.fields ?? Object.keys(options.claims),
      nonce,
      audience: options.audience ?? clientIdOf(options.consumerId),
    });
    const answer = await httpJson(endpoints(options.consumerId).updates, {
      body: { standing_permission_id: options.permissionId, vp_token: vpToken },
    });
    return { ...answer, nonce };
  }

  async function withdraw(consumerId: string, permissionId: string, as = holder) {
    const nonce = await fetchNonce(consumerId);
    const jws = await signWithdrawal({ holder: as, audience: clientIdOf(consumerId), nonce, permissionId });
    return httpJson(endpoints(consumerId).updates, {
      body: { standing_permission_id: permissionId, withdrawal: jws },
    });
  }

  /** The school asks with its template; the wallet grants with `standing_permission_id`. */
  async function grantAtSchool(permissionId: string, options: { issuer?: string } = {}) {
    const created = await httpJson(`${verifier.url}/api/presentation-requests`, {
      headers: { authorization: `Bearer ${verifier.apiKeys.school}` },
      body: { template: 'contact_profile', callback_url: hooks.url },
    });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList,
    });
    const claims = await profileClaims({ emailProof: true });
    const credential = await issueContactProfile({
      holder,
      claims,
      profileVersion: 1,
      changeId: randomChangeId(),
      issuer: options.issuer,
    });
    const presentation = await presentContactProfile({
      credential,
      holder,
      fields: Object.keys(claims),
      nonce: request.nonce,
      audience: request.client_id,
    });
    const response = await postResponse(request.response_uri, {
      vp_token: { contact_profile: [presentation] },
      state: request.state,
      standing_permission_id: permissionId,
    });
    return { created, request, response };
  }

  beforeAll(async () => {
    const source = createMutableTrustList();
    verifier = await startVerifier(kind, {
      trustList: source,
      apiKeys: testApiKeys(demoConsumers.map((c) => c.id)),
    });
    hooks = await startWebhookReceiver();
    holder = await createTestHolder();
    const consumers = (await httpJson(`${verifier.url}/api/consumers`)).body.consumers;
    trustList = buildTrustList({
      operator: 'test operator',
      issuers: [],
      consumers,
      // The operator has not (yet) registered Försäkringskassan; the municipality for less.
      registrations: demoRegistrations
        // The school's guardian purpose names Skatteverket's types; no issuer is listed here.
        .filter((r) => r.consumerId === 'school' && r !== schoolGuardianRegistration)
        .concat({
          consumerId: 'municipality',
          purpose: { sv: 'Kontakt', en: 'Contact' },
          credentials: [
            {
              selfAsserted: { format: 'dc+sd-jwt', type: contactProfileVct },
              claims: [['address'], ['emails'], ['preferred_language']],
            },
          ],
        }),
      walletProviders: [
        {
          id: 'demo-wallet',
          name: { sv: 'Min profil plånbok', en: 'Min profil wallet' },
          jwks: { keys: [{ ...(await exportJWK(walletKey.publicKey)), kid: 'wallet-1', alg: 'ES256' }] },
        },
      ],
    });
    source.set(trustList);
    verifier.ctx.settings.standingPermissionWebhooks = { municipality: hooks.url };
    second = await startVerifier(kind, { trustList: source, sameDeploymentAs: verifier });
  });

  afterAll(async () => {
    await second.stop();
    await verifier.stop();
    await hooks.close();
  });

  it('publishes the standing-permission endpoints of the consumers that take them', async () => {
    const school = trustList.consumers.find((c) => c.id === 'school')!;
    expect(school.standing_permissions).toEqual({
      update_endpoint: endpoints('school').updates,
      nonce_endpoint: endpoints('school').nonce,
    });
    expect(school.registrations[0].credentials[0]).toMatchObject({
      format: 'dc+sd-jwt',
      type: contactProfileVct,
    });
    expect(trustList.consumers.find((c) => c.id === 'insurer')!.standing_permissions).toBeUndefined();
    // Its demo page asks for the profile like any other template.
    const page = await fetch(`${verifier.url}/school`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Solbackens skola');
  });

  it('grants a standing permission with a verified presentation and reports it to the consumer', async () => {
    const permissionId = randomPermissionId();
    const { created, request, response } = await grantAtSchool(permissionId);
    const ask = {
      credential_ids: ['contact_profile'],
      update_endpoint: endpoints('school').updates,
      nonce_endpoint: endpoints('school').nonce,
    };
    expect(created.body.standing_permission).toEqual(ask);
    expect(request.standing_permission).toEqual(ask);
    expect(response.status).toBe(200);

    const result = await api('school', `/api/presentation-requests/${created.body.id}`);
    expect(result.body).toMatchObject({
      status: 'verified',
      standing_permission: { id: permissionId, status: 'active' },
    });
    const checks = result.body.checks.map((c: { name: string; passed: boolean }) => [c.name, c.passed]);
    expect(checks).toContainEqual(['issuer_signature', true]);
    expect(checks).toContainEqual(['audience', true]);
    expect(checks).toContainEqual(['status', true]);
    // Verified only with the wallet provider's proof; the phone's own claim does not count.
    const profile = result.body.claims.contact_profile[0];
    expect(profile.issuer).toBe(holder.did);
    expect(profile.emails).toEqual([
      { address: 'anna@example.se', verified: true, verified_at: 1_790_000_000, verified_by: 'demo-wallet' },
    ]);
    expect(profile.phones).toEqual([{ number: '+46701234567', verified: false }]);

    const permission = await api('school', `/api/standing-permissions/${permissionId}`);
    expect(permission.body).toMatchObject({
      id: permissionId,
      status: 'active',
      origin: 'presentation',
      fields: ['address', 'emails', 'phones', 'preferred_language', 'contact_preferences'],
      profile_version: 1,
      presentation_request_id: created.body.id,
    });
    expect(permission.body.profile.preferred_language).toBe('sv');

    await verifier.ctx.webhooks.idle();
    const granted = hooks.received.find(
      (r) => r.body.event === 'standing_permission.granted' && r.body.standing_permission.id === permissionId,
    )!;
    expect(granted.headers['x-webhook-event']).toBe('standing_permission.granted');
    const signature = createHmac('sha256', verifier.apiKeys.school).update(granted.raw).digest('hex');
    expect(granted.headers['x-signature-sha256']).toBe(`sha256=${signature}`);
    const presented = hooks.received.find((r) => r.body.id === created.body.id)!;
    expect(presented.body.standing_permission).toEqual({ id: permissionId, status: 'active' });
  });

  it('rejects a contact profile whose iss is not the holder key, and grants nothing', async () => {
    const permissionId = randomPermissionId();
    const stranger = await createTestHolder();
    const { created, response } = await grantAtSchool(permissionId, { issuer: stranger.did });
    expect(response.status).toBe(400);
    expect(response.body.failed_checks).toEqual(['issuer_signature']);
    const result = await api('school', `/api/presentation-requests/${created.body.id}`);
    expect(result.body.status).toBe('rejected');
    expect(result.body.standing_permission).toBeUndefined();
    expect((await api('school', `/api/standing-permissions/${permissionId}`)).status).toBe(404);
  });

  it('applies a change once: applied, then duplicate for the same change_id, stale for an older version', async () => {
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const claims = { ...(await profileClaims()), preferred_language: 'en' };
    const changeId = randomChangeId();
    const applied = await deliver({ consumerId: 'school', permissionId, version: 2, changeId, claims });
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ status: 'applied', profile_version: 2 });

    const again = await deliver({ consumerId: 'school', permissionId, version: 2, changeId, claims });
    expect(again.body).toEqual({ status: 'duplicate' });
    const older = await deliver({ consumerId: 'school', permissionId, version: 1, claims });
    expect(older.body).toEqual({ status: 'stale' });

    const permission = await api('school', `/api/standing-permissions/${permissionId}`);
    expect(permission.body.profile_version).toBe(2);
    expect(permission.body.profile.preferred_language).toBe('en');
    await verifier.ctx.webhooks.idle();
    const updates = hooks.received.filter(
      (r) => r.body.event === 'standing_permission.updated' && r.body.standing_permission.id === permissionId,
    );
    expect(updates).toHaveLength(1);
  });

  it('refuses an update whose nonce was used before (a replayed request)', async () => {
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const claims = await profileClaims();
    const first = await deliver({ consumerId: 'school', permissionId, version: 2, claims });
    expect(first.body.status).toBe('applied');
    const replay = await deliver({
      consumerId: 'school',
      permissionId,
      version: 3,
      claims,
      nonce: first.nonce,
    });
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({
      error: 'invalid_nonce',
      error_description: 'the nonce is unknown, used or expired: fetch a new c_nonce',
    });
    const invented = await deliver({
      consumerId: 'school',
      permissionId,
      version: 3,
      claims,
      nonce: 'made-up',
    });
    expect(invented.body.error).toBe('invalid_nonce');
  });

  it('refuses an update signed by another holder key, forged, for another audience, or with claims outside the profile', async () => {
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const claims = await profileClaims();

    const stranger = await createTestHolder();
    const wrongKey = await deliver({ consumerId: 'school', permissionId, version: 2, claims, as: stranger });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body).toEqual({
      error: 'invalid_request',
      error_description: 'the update is not bound to the holder key of the permission',
    });

    // The holder's key in cnf and iss, but someone else's signature: not self-asserted by the holder.
    const forged = await deliver({
      consumerId: 'school',
      permissionId,
      version: 2,
      claims,
      signWith: stranger,
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error_description).toMatch(/^vp_token refused \(invalid_signature\)/);

    const wrongAud = await deliver({
      consumerId: 'school',
      permissionId,
      version: 2,
      claims,
      audience: clientIdOf('municipality'),
    });
    expect(wrongAud.status).toBe(400);
    expect(wrongAud.body.error).toBe('invalid_request');
    expect(wrongAud.body.error_description).toMatch(/kb_jwt_aud_mismatch/);

    const extra = await deliver({
      consumerId: 'school',
      permissionId,
      version: 2,
      claims: { ...claims, nickname: 'Annie' },
    });
    expect(extra.status).toBe(400);
    expect(extra.body).toEqual({
      error: 'invalid_request',
      error_description: 'not contact profile claims: nickname',
    });
    expect((await api('school', `/api/standing-permissions/${permissionId}`)).body.profile_version).toBe(1);
  });

  it('drops a field the person stops sharing from the consumer’s copy', async () => {
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const claims = await profileClaims();
    const fewer = await deliver({
      consumerId: 'school',
      permissionId,
      version: 2,
      claims,
      fields: ['address', 'emails', 'preferred_language', 'contact_preferences'],
    });
    // The consumer now holds other fields: its consent record is renewed (docs/consent-records.md).
    expect(fewer.body).toEqual({
      status: 'applied',
      profile_version: 2,
      consent_record: { record: expect.any(String), capability: expect.any(String) },
    });
    const permission = await api('school', `/api/standing-permissions/${permissionId}`);
    expect(Object.keys(permission.body.profile).sort()).toEqual([
      'address',
      'contact_preferences',
      'emails',
      'preferred_language',
    ]);
    expect(permission.body.profile.phones).toBeUndefined();
    const list = await api('school', '/api/standing-permissions');
    expect(list.body.standing_permissions.map((p: { id: string }) => p.id)).toContain(permissionId);
    // Another consumer's key does not see it.
    expect((await api('municipality', `/api/standing-permissions/${permissionId}`)).status).toBe(404);
  });

  it('ends a permission on withdrawal: updates are then refused with 410', async () => {
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const stranger = await createTestHolder();
    const forged = await withdraw('school', permissionId, stranger);
    expect(forged.status).toBe(400);
    expect(forged.body.error).toBe('invalid_request');

    const withdrawn = await withdraw('school', permissionId);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({ status: 'withdrawn' });
    // The wallet retries after a lost answer: still withdrawn.
    expect((await withdraw('school', permissionId)).body).toEqual({ status: 'withdrawn' });

    const update = await deliver({
      consumerId: 'school',
      permissionId,
      version: 2,
      claims: await profileClaims(),
    });
    expect(update.status).toBe(410);
    expect(update.body).toEqual({
      error: 'standing_permission_withdrawn',
      error_description: 'the standing permission has been withdrawn',
    });
    const permission = await api('school', `/api/standing-permissions/${permissionId}`);
    expect(permission.body).toMatchObject({ status: 'withdrawn', withdrawn_at: expect.any(String) });
    // The consumer no longer keeps the profile: not in the API, not in the database.
    expect(permission.body.profile).toBeUndefined();
    expect((await verifier.ctx.standingPermissions.findPermission(permissionId))!.profile).toEqual({});
    await verifier.ctx.webhooks.idle();
    const events = hooks.received.filter(
      (r) => r.body.event !== undefined && r.body.standing_permission.id === permissionId,
    );
    expect(events.map((r) => r.body.event)).toEqual([
      'standing_permission.granted',
      'standing_permission.withdrawn',
    ]);
    // The withdrawal webhook carries the last copy to the consumer's own system.
    expect(events[1].body.standing_permission).toMatchObject({ status: 'withdrawn' });
    expect(events[1].body.standing_permission.profile.preferred_language).toBe('sv');
  });

  it('refuses a new permission the wallet starts without an identity credential, and stores nothing (contract version 2)', async () => {
    // What an old wallet sends: the profile alone. Whose it is cannot be said, so no permission.
    const permissionId = randomPermissionId();
    const alone = await deliver({
      consumerId: 'municipality',
      permissionId,
      version: 1,
      claims: await profileClaims(),
      fields: ['address', 'emails'],
    });
    expect(alone.status).toBe(400);
    expect(alone.body).toEqual({
      error: 'invalid_request',
      error_description:
        'a new wallet-started standing permission must carry an identity credential (identity_token) beside the profile, so that it says whose it is (contract version 2)',
    });
    expect((await api('municipality', `/api/standing-permissions/${permissionId}`)).status).toBe(404);
    const listed = await api('municipality', '/api/standing-permissions');
    expect(listed.body.standing_permissions.some((p: any) => p.id === permissionId)).toBe(false);

    // Something that is not an identity credential beside the profile is refused the same way.
    const credential = await issueContactProfile({
      holder,
      claims: await profileClaims(),
      profileVersion: 1,
      changeId: randomChangeId(),
    });
    const nonce = await fetchNonce('municipality');
    const vpToken = await presentContactProfile({
      credential,
      holder,
      fields: ['address', 'emails'],
      nonce,
      audience: clientIdOf('municipality'),
    });
    const profileAsIdentity = await httpJson(endpoints('municipality').updates, {
      body: { standing_permission_id: permissionId, vp_token: vpToken, identity_token: vpToken },
    });
    expect(profileAsIdentity.status).toBe(400);
    expect(profileAsIdentity.body.error).toBe('invalid_request');
    expect(profileAsIdentity.body.error_description).toMatch(
      /^the wallet-started standing permission cannot say whose it is: identity_token failed its check format/,
    );
    expect((await api('municipality', `/api/standing-permissions/${permissionId}`)).status).toBe(404);
    // An identity_token belongs to an update, never to a withdrawal.
    const both = await httpJson(endpoints('municipality').updates, {
      body: { standing_permission_id: permissionId, withdrawal: 'x.y.z', identity_token: 'a~' },
    });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_request');
  });

  it('keeps a wallet-started permission from contract version 1 working, saying whose: null', async () => {
    // Stored as the verifier stored it before version 2: started by the wallet, whose unknown.
    const permissionId = randomPermissionId();
    const now = Math.floor(Date.now() / 1000);
    expect(
      await verifier.ctx.standingPermissions.insertPermission({
        id: permissionId,
        consumerId: 'municipality',
        holderThumbprint: holder.thumbprint,
        holderJwk: holder.publicJwk as Record<string, unknown>,
        fields: ['address', 'emails'],
        profile: { address },
        profileVersion: 1,
        lastChangeId: null,
        status: 'active',
        origin: 'wallet',
        presentationRequestId: null,
        callbackUrl: null,
        createdAt: now,
        updatedAt: now,
        withdrawnAt: null,
        subject: null,
      }),
    ).toBe(true);
    const claims = await profileClaims();
    // An old wallet's update: the profile alone, as ever.
    const update = await deliver({
      consumerId: 'municipality',
      permissionId,
      version: 2,
      claims,
      fields: ['address', 'emails'],
    });
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ status: 'applied', profile_version: 2 });
    const permission = await api('municipality', `/api/standing-permissions/${permissionId}`);
    expect(permission.body).toMatchObject({ origin: 'wallet', profile_version: 2, whose: null });
    expect(permission.body.profile.emails[0].address).toBe('anna@example.se');
    expect((await withdraw('municipality', permissionId)).body).toEqual({ status: 'withdrawn' });
  });

  it('refuses an unknown permission id at a consumer the trust list does not register for it', async () => {
    const unknown = await deliver({
      consumerId: 'forsakringskassan',
      permissionId: randomPermissionId(),
      version: 1,
      claims: await profileClaims(),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('unknown_standing_permission');
    // A consumer without standing permissions has no such endpoints.
    const insurer = await httpJson(`${verifier.url}/consumers/insurer/standing-permissions/nonce`, {
      method: 'POST',
    });
    expect(insurer.status).toBe(404);
    expect(insurer.body.error).toBe('not_found');
  });

  it('answers malformed updates with invalid_request and no internals', async () => {
    const url = endpoints('school').updates;
    const noToken = await httpJson(url, { body: { standing_permission_id: randomPermissionId() } });
    expect(noToken.status).toBe(400);
    expect(noToken.body.error).toBe('invalid_request');
    const shortId = await httpJson(url, { body: { standing_permission_id: 'abc', vp_token: 'x' } });
    expect(shortId.status).toBe(400);
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const garbage = await httpJson(url, {
      body: { standing_permission_id: permissionId, vp_token: 'not-an-sd-jwt' },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body).toEqual({
      error: 'invalid_request',
      error_description: 'vp_token is not an SD-JWT with a KB-JWT',
    });
    const huge = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ standing_permission_id: permissionId, vp_token: 'a'.repeat(300_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it('lets an API caller ask for a standing permission with its own DCQL query', async () => {
    const created = await httpJson(`${verifier.url}/api/presentation-requests`, {
      headers: { authorization: `Bearer ${verifier.apiKeys.municipality}` },
      body: {
        purpose: 'Kontaktuppgifter',
        standing_permission: true,
        dcql_query: {
          credentials: [
            {
              id: 'profile',
              format: 'dc+sd-jwt',
              meta: { vct_values: [contactProfileVct] },
              claims: [{ path: ['address'] }, { path: ['emails'] }],
            },
          ],
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.standing_permission).toEqual({
      credential_ids: ['profile'],
      update_endpoint: endpoints('municipality').updates,
      nonce_endpoint: endpoints('municipality').nonce,
    });
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList,
    });
    expect(request.standing_permission).toEqual(created.body.standing_permission);

    const notProfile = await httpJson(`${verifier.url}/api/presentation-requests`, {
      headers: { authorization: `Bearer ${verifier.apiKeys.municipality}` },
      body: {
        purpose: 'x',
        standing_permission: true,
        dcql_query: {
          credentials: [
            { id: 'a', format: 'dc+sd-jwt', meta: { vct_values: ['https://issuer.example/vct/x'] } },
          ],
        },
      },
    });
    expect(notProfile.status).toBe(400);
    expect(notProfile.body.error).toBe('invalid_request');
  });

  it('redeems a nonce and applies a change once across two instances sharing the database', async () => {
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const claims = await profileClaims();
    const path = '/consumers/school/standing-permissions/updates';
    const post = (instance: RunningVerifier, body: unknown) => httpJson(`${instance.url}${path}`, { body });
    const version = async (profileVersion: number, changeId: string) => {
      const credential = await issueContactProfile({ holder, claims, profileVersion, changeId });
      const vpToken = await presentContactProfile({
        credential,
        holder,
        fields: Object.keys(claims),
        nonce: await fetchNonce('school'),
        audience: clientIdOf('school'),
      });
      return { standing_permission_id: permissionId, vp_token: vpToken };
    };

    // One request replayed to both instances at once: exactly one redeems the nonce.
    const body = await version(2, randomChangeId());
    const replayed = await Promise.all([post(verifier, body), post(second, body)]);
    expect(replayed.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(replayed.find((r) => r.status === 400)!.body.error).toBe('invalid_nonce');

    // The same change delivered twice (two nonces) to both instances at once: applied once.
    const changeId = randomChangeId();
    const [a, b] = [await version(3, changeId), await version(3, changeId)];
    const both = await Promise.all([post(verifier, a), post(second, b)]);
    expect(both.map((r) => r.body.status).sort()).toEqual(['applied', 'duplicate']);
    expect((await api('school', `/api/standing-permissions/${permissionId}`)).body.profile_version).toBe(3);
  });

  /** The municipality asks with its own DCQL query; the wallet grants with these claims. */
  async function grantWithQuery(options: {
    permissionId: string;
    dcqlClaims: Array<Record<string, unknown>>;
    claimSets?: string[][];
    claims: Record<string, unknown>;
    fields?: string[];
  }) {
    const created = await httpJson(`${verifier.url}/api/presentation-requests`, {
      headers: { authorization: `Bearer ${verifier.apiKeys.municipality}` },
      body: {
        purpose: 'Kontaktuppgifter',
        standing_permission: true,
        dcql_query: {
          credentials: [
            {
              id: 'profile',
              format: 'dc+sd-jwt',
              meta: { vct_values: [contactProfileVct] },
              claims: options.dcqlClaims,
              ...(options.claimSets ? { claim_sets: options.claimSets } : {}),
            },
          ],
        },
      },
    });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList,
    });
    const credential = await issueContactProfile({
      holder,
      claims: options.claims,
      profileVersion: 1,
      changeId: randomChangeId(),
    });
    const presentation = await presentContactProfile({
      credential,
      holder,
      fields: options.fields ?? Object.keys(options.claims),
      nonce: request.nonce,
      audience: request.client_id,
    });
    const response = await postResponse(request.response_uri, {
      vp_token: { profile: [presentation] },
      state: request.state,
      standing_permission_id: options.permissionId,
    });
    return { created, response };
  }

  it('records the fields the request asked for; a field disclosed as null is absent from the copy', async () => {
    const permissionId = randomPermissionId();
    const claims = await profileClaims();
    const { created, response } = await grantWithQuery({
      permissionId,
      dcqlClaims: [{ path: ['address'] }, { path: ['emails'] }, { path: ['preferred_language'] }],
      // The person has no address in the profile: the wallet discloses it as null.
      claims: { address: null, emails: claims.emails, preferred_language: 'sv' },
    });
    expect(response.status).toBe(200);
    const result = await api('municipality', `/api/presentation-requests/${created.body.id}`);
    expect(result.body.status).toBe('verified');
    const permission = await api('municipality', `/api/standing-permissions/${permissionId}`);
    expect(permission.body.fields).toEqual(['address', 'emails', 'preferred_language']);
    expect(Object.keys(permission.body.profile).sort()).toEqual(['emails', 'preferred_language']);

    // A later update fills in the address and clears the language.
    const update = await deliver({
      consumerId: 'municipality',
      permissionId,
      version: 2,
      claims: { address, emails: claims.emails, preferred_language: null },
    });
    expect(update.body).toEqual({ status: 'applied', profile_version: 2 });
    const after = await api('municipality', `/api/standing-permissions/${permissionId}`);
    expect(after.body.fields).toEqual(['address', 'emails', 'preferred_language']);
    expect(after.body.profile.address).toEqual(address);
    expect(Object.hasOwn(after.body.profile, 'preferred_language')).toBe(false);
  });

  it('fixes the fields at the request even when the first disclosure carries fewer (claim_sets)', async () => {
    const permissionId = randomPermissionId();
    const claims = await profileClaims();
    const { response } = await grantWithQuery({
      permissionId,
      dcqlClaims: [
        { id: 'a', path: ['address'] },
        { id: 'e', path: ['emails'] },
        { id: 'p', path: ['phones'] },
      ],
      claimSets: [
        ['a', 'e', 'p'],
        ['a', 'e'],
      ],
      claims: { address, emails: claims.emails },
    });
    expect(response.status).toBe(200);
    const permission = await api('municipality', `/api/standing-permissions/${permissionId}`);
    expect(permission.body.fields).toEqual(['address', 'emails', 'phones']);
    // So the phones the request asked for may come with a later update.
    const update = await deliver({
      consumerId: 'municipality',
      permissionId,
      version: 2,
      claims: { address, emails: claims.emails, phones: claims.phones },
    });
    expect(update.body).toEqual({
      status: 'applied',
      profile_version: 2,
      consent_record: { record: expect.any(String), capability: expect.any(String) },
    });
  });

  it('answers duplicate for a known change_id whatever its version, and keeps no change_id it did not apply', async () => {
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const claims = await profileClaims();
    const changeId = randomChangeId();
    const applied = await deliver({ consumerId: 'school', permissionId, version: 2, changeId, claims });
    expect(applied.body).toEqual({ status: 'applied', profile_version: 2 });
    const newer = await deliver({ consumerId: 'school', permissionId, version: 3, changeId, claims });
    expect(newer.status).toBe(200);
    expect(newer.body).toEqual({ status: 'duplicate' });

    // A stale change is rolled back with its change_id: the same id later still applies.
    const late = randomChangeId();
    const stale = await deliver({ consumerId: 'school', permissionId, version: 1, changeId: late, claims });
    expect(stale.body).toEqual({ status: 'stale' });
    const retried = await deliver({ consumerId: 'school', permissionId, version: 4, changeId: late, claims });
    expect(retried.body).toEqual({ status: 'applied', profile_version: 4 });
    expect((await api('school', `/api/standing-permissions/${permissionId}`)).body.profile_version).toBe(4);
  });

  it('refuses standing_permission from a consumer that does not serve the endpoints', async () => {
    for (const standing_permission of [true, { credential_ids: ['profile'] }]) {
      const created = await httpJson(`${verifier.url}/api/presentation-requests`, {
        headers: { authorization: `Bearer ${verifier.apiKeys.insurer}` },
        body: {
          purpose: 'Kontaktuppgifter',
          standing_permission,
          dcql_query: {
            credentials: [{ id: 'profile', format: 'dc+sd-jwt', meta: { vct_values: [contactProfileVct] } }],
          },
        },
      });
      expect(created.status).toBe(400);
      expect(created.body).toEqual({
        error: 'invalid_request',
        error_description:
          'standing_permission: this consumer does not serve the standing-permission endpoints, so it cannot ask for one',
      });
    }
  });

  it('refuses contact profile claims of the wrong shape by name, before any channel proof, never echoing them', async () => {
    const permissionId = randomPermissionId();
    await grantAtSchool(permissionId);
    const claims = await profileClaims({ emailProof: true });
    const badEmail = await deliver({
      consumerId: 'school',
      permissionId,
      version: 2,
      claims: { ...claims, emails: [{ ...claims.emails[0], address: 'secret-not-an-email' }] },
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body).toEqual({
      error: 'invalid_request',
      error_description: 'malformed contact profile claims: emails',
    });
    const badAddress = await deliver({
      consumerId: 'school',
      permissionId,
      version: 2,
      claims: { ...claims, address: { ...address, country: 'Sverige' }, phones: [{ number: '0701234567' }] },
    });
    expect(badAddress.body.error_description).toBe('malformed contact profile claims: address, phones');
    const tooMany = await deliver({
      consumerId: 'school',
      permissionId,
      version: 2,
      claims: { ...claims, phones: Array.from({ length: 6 }, () => ({ number: '+46701234567' })) },
    });
    expect(tooMany.body.error_description).toBe('malformed contact profile claims: phones');
    expect((await api('school', `/api/standing-permissions/${permissionId}`)).body.profile_version).toBe(1);

    // The same at the grant: a failed check of the presentation, and nothing granted.
    const grantId = randomPermissionId();
    const { response } = await grantWithQuery({
      permissionId: grantId,
      dcqlClaims: [{ path: ['address'] }, { path: ['preferred_language'] }],
      claims: { address, preferred_language: 'not a language tag <script>' },
    });
    expect(response.status).toBe(400);
    expect(response.body.failed_checks).toEqual(['claims_shape']);
    expect(response.body.error_description).toContain('malformed contact profile claims: preferred_language');
    expect(response.body.error_description).not.toContain('script');
    expect((await api('municipality', `/api/standing-permissions/${grantId}`)).status).toBe(404);
  });

  it('answers a first wallet-started update with 503 while the trust list cannot be read', async () => {
    const source = verifier.ctx.trustList;
    verifier.ctx.trustList = { get: () => Promise.reject(new Error('trust list host down')) };
    try {
      const answer = await deliver({
        consumerId: 'municipality',
        permissionId: randomPermissionId(),
        version: 1,
        claims: await profileClaims(),
        fields: ['address', 'emails'],
      });
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({
        error: 'temporarily_unavailable',
        error_description: 'the trust list cannot be read at the moment: retry later',
      });
    } finally {
      verifier.ctx.trustList = source;
    }
  });

  it('pages the consumer API with limit and after', async () => {
    for (let i = 0; i < 3; i++) await grantAtSchool(randomPermissionId());
    const all = await api('school', '/api/standing-permissions?limit=1000');
    const ids = all.body.standing_permissions.map((p: { id: string }) => p.id) as string[];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(all.body.next_after).toBeUndefined();
    const walked: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await api('school', `/api/standing-permissions?limit=2${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.standing_permissions.length).toBeLessThanOrEqual(2);
      walked.push(...page.body.standing_permissions.map((p: { id: string }) => p.id));
      after = page.body.next_after;
      if (!after) break;
    }
    expect(walked).toEqual(ids);
    expect((await api('school', '/api/standing-permissions?limit=1001')).status).toBe(400);
    expect((await api('school', '/api/standing-permissions?limit=0')).status).toBe(400);
    // Another consumer's permission is no cursor here.
    const other = await api('municipality', `/api/standing-permissions?after=${ids[0]}`);
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('invalid_request');
  });
});
