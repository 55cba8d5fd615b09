import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { createOffer } from '../issuer/test/wallet-client.js';
import { startSystem, type RunningSystem } from './system/start-system.js';
import { createPresentationRequest, obtainCredential } from './verifier-helpers.js';
import {
  createTestHolder,
  issueContactProfile,
  presentContactProfile,
  randomChangeId,
  randomPermissionId,
} from '../verifier/test/contact-profile-holder.js';
import { presentCredential } from '../verifier/test/test-wallet.js';
import { startVerifier } from '../verifier/test/start-verifier.js';
import { api, signIn, type WalletSession } from '../wallet/test/wallet-api.js';
import { eventually } from './eventually.js';

/**
 * Story 5 over the real services (docs/standing-permissions.md): the person keeps one contact
 * profile, shares it with the school (answering its OpenID4VP request with a standing
 * permission) and with the municipality and Försäkringskassan (chosen from the trust list, in
 * one go). Every change reaches every body that still holds a permission, none other; a body
 * that was down catches up when it is back.
 */
const tolvan = '191212121212';
const bodies = ['school', 'municipality', 'forsakringskassan'] as const;
type Body = (typeof bodies)[number];

describe.each(testDatabaseKinds())('contact profile with standing permissions on %s', (kind) => {
  let system: RunningSystem;
  let person: WalletSession;
  const wallet = () => system.wallet.baseUrl;

  /** What a body's own system reads from the verifier: its copy of the person's profile. */
  async function consumerCopy(body: Body, id: string): Promise<any | undefined> {
    const response = await fetch(`${system.verifier.url}/api/standing-permissions/${id}`, {
      headers: { authorization: `Bearer ${system.verifier.apiKeys[body]}` },
    });
    return response.status === 200 ? response.json() : undefined;
  }

  async function permissionsInWallet(): Promise<any[]> {
    const listed = await api(wallet(), person, 'GET', '/api/standing-permissions');
    expect(listed.status).toBe(200);
    return listed.body.permissions;
  }

  async function permissionIdOf(body: Body): Promise<string> {
    // A consumer's client_id is its did:web under the verifier, ending with its id.
    const found = (await permissionsInWallet()).find((p) => p.consumer.client_id.endsWith(`:${body}`));
    if (!found) throw new Error(`no permission for ${body}`);
    return found.id as string;
  }

  async function profile(): Promise<any> {
    return (await api(wallet(), person, 'GET', '/api/profile')).body;
  }

  async function changeEmail(address: string): Promise<number> {
    const current = await profile();
    const saved = await api(wallet(), person, 'PUT', '/api/profile', {
      ...current.profile,
      profile_version: current.profile_version,
      emails: [{ address }],
    });
    expect(saved.status).toBe(200);
    return saved.body.profile_version;
  }

  /** How many profile updates the wallet ever queued for one permission. */
  async function updateDeliveriesTo(id: string): Promise<number> {
    const listed = await api(wallet(), person, 'GET', `/api/standing-permissions/${id}/deliveries`);
    return listed.body.deliveries.filter((d: any) => d.kind === 'update').length;
  }

  const emailAt = async (body: Body, id: string) =>
    (await consumerCopy(body, id))?.profile?.emails?.[0]?.address;

  beforeAll(async () => {
    system = await startSystem(kind, {
      walletSettings: { deliveryPollSeconds: 1, deliveryRetryBaseSeconds: 1, deliveryRetryCapSeconds: 2 },
    });
    person = await signIn(system.wallet.baseUrl, tolvan);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('keeps the profile, verifies the e-mail by a code from the outbox', async () => {
    const saved = await api(wallet(), person, 'PUT', '/api/profile', {
      profile_version: 0,
      address: {
        street_address: 'Storgatan 1',
        postal_code: '111 22',
        locality: 'Stockholm',
        country: 'SE',
        source: 'self',
      },
      emails: [{ address: 'tolvan@example.se' }],
      phones: [{ number: '+46701234567' }],
      preferred_language: 'sv',
      contact_preferences: { default: ['digital_mailbox', 'email'], by_matter: { payments: ['email'] } },
    });
    expect(saved.status).toBe(200);
    const emailId = saved.body.profile.emails[0].id;
    expect(saved.body.profile.emails[0].verified).toBe(false);

    const sent = await api(wallet(), person, 'POST', `/api/profile/emails/${emailId}/code`);
    expect(sent.status).toBe(202);
    // The demo outbox shows the signed-in person only their own messages.
    const outbox = (await api(wallet(), person, 'GET', '/demo/outbox.json')).body as { messages: any[] };
    const message = outbox.messages.find((m: any) => m.to === 'tolvan@example.se');
    const code = /\b(\d{6})\b/.exec(message.text)![1];
    const verified = await api(wallet(), person, 'POST', `/api/profile/emails/${emailId}/verify`, { code });
    expect(verified.status).toBe(200);
    expect(verified.body.profile.emails[0].verified).toBe(true);
  });

  it('shares with the school by answering its request, and with two more bodies in one go', async () => {
    // The school asks through OpenID4VP with a standing permission.
    const asked = await createPresentationRequest(system.verifier, 'school', { template: 'contact_profile' });
    expect(asked.status).toBe(201);
    expect(asked.body.standing_permission).toBeDefined();
    const shown = await api(wallet(), person, 'POST', '/api/presentation-requests', {
      request: asked.body.openid4vp_url,
    });
    expect(shown.status).toBe(201);
    expect(shown.body.standing_permission).toMatchObject({ requested: true });
    const answered = await api(
      wallet(),
      person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'approve',
        standing: true,
      },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.delivered).toBe(true);

    // The municipality and Försäkringskassan are chosen from the trust list's consumers.
    const offered = await api(wallet(), person, 'GET', '/api/standing-permissions/consumers');
    const chosen = offered.body.consumers.filter((c: any) =>
      ['municipality', 'forsakringskassan'].includes(c.id),
    );
    expect(chosen).toHaveLength(2);
    const shareBody = {
      consumers: chosen.map((c: any) => c.id),
      fields: ['address', 'emails', 'phones', 'preferred_language', 'contact_preferences'],
    };
    // Contract version 2: a permission the wallet starts must say whose it is, and Tolvan holds
    // no identity credential yet. The wallet says so and starts nothing.
    const before = (await permissionsInWallet()).length;
    const refused = await api(wallet(), person, 'POST', '/api/standing-permissions', shareBody);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('identity_credential_required');
    expect(await permissionsInWallet()).toHaveLength(before);

    // Tolvan fetches his identity credential from Skatteverket.
    const offer = await createOffer(system.issuer.baseUrl, system.issuer.apiKey, 'skatteverket', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['person_identity'],
    });
    expect(offer.status).toBe(201);
    const received = await api(wallet(), person, 'POST', '/api/credential-offers', {
      offer: offer.body.credential_offer_uri ?? offer.body.offer_link,
      tx_code: offer.body.tx_code,
    });
    expect(received.status).toBe(201);
    expect(
      (await api(wallet(), person, 'POST', `/api/credential-offers/${received.body.id}/accept`)).status,
    ).toBe(200);

    const shared = await api(wallet(), person, 'POST', '/api/standing-permissions', shareBody);
    expect(shared.status).toBe(201);

    for (const body of bodies) {
      const id = await permissionIdOf(body);
      const copy = await eventually(`${body} to hold the profile`, async () => {
        const c = await consumerCopy(body, id);
        return c?.profile?.emails ? c : undefined;
      });
      expect(copy.status).toBe('active');
      expect(copy.profile.emails[0]).toMatchObject({ address: 'tolvan@example.se', verified: true });
      expect(copy.profile.address).toMatchObject({ locality: 'Stockholm' });
      if (body === 'school') {
        // Granted with the profile alone (contract version 1): whose it is stays unknown.
        expect(copy.whose).toBeNull();
      } else {
        // Started by the wallet with the identity beside the profile: whose it is, and no more.
        expect(copy.origin).toBe('wallet');
        expect(copy.whose).toEqual({
          given_name: 'Tolvan',
          family_name: 'Tolvansson',
          number: { claim: 'personal_identity_number', value: expect.stringMatching(/^19121212-?1212$/) },
          issuer: expect.stringMatching(/\/skatteverket$/),
          vct: expect.any(String),
        });
      }
    }
  });

  it('takes another wallet’s grant only with an identity bound to this consumer and nonce', async () => {
    // Another wallet implementation, from the contract alone: Karin's identity from Skatteverket
    // and a self-signed profile, both with a KB-JWT; the first update to the municipality.
    const karin = '197011082232';
    const base = `${system.verifier.baseUrl}/consumers/municipality/standing-permissions`;
    const municipality = system.verifier.ctx.consumers.get('municipality')!.keys.clientId;
    const insurer = system.verifier.ctx.consumers.get('insurer')!.keys.clientId;
    const identity = await obtainCredential(system.issuer, {
      holder: 'skatteverket',
      pnr: karin,
      configurationId: 'person_identity',
    });
    const who = ['given_name', 'family_name', 'personal_identity_number'];
    const holder = await createTestHolder();
    const profile = await issueContactProfile({
      holder,
      claims: { preferred_language: 'sv' },
      profileVersion: 1,
      changeId: randomChangeId(),
    });
    const grant = async (options: { audience?: string; otherNonce?: boolean; disclose?: string[] }) => {
      const nonce = async () =>
        ((await (await fetch(`${base}/nonce`, { method: 'POST' })).json()) as { c_nonce: string }).c_nonce;
      const c_nonce = await nonce();
      const permissionId = randomPermissionId();
      const answer = await fetch(`${base}/updates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          standing_permission_id: permissionId,
          vp_token: await presentContactProfile({
            credential: profile,
            holder,
            fields: ['preferred_language'],
            nonce: c_nonce,
            audience: municipality,
          }),
          identity_token: await presentCredential({
            credential: identity.credential,
            holderPrivateKey: identity.holderKey.privateKey,
            request: { nonce: options.otherNonce ? await nonce() : c_nonce, client_id: municipality },
            audience: options.audience,
            disclose: (path) => (options.disclose ?? who).includes(String(path[0])),
          }),
        }),
      });
      return {
        status: answer.status,
        body: (await answer.json()) as Record<string, any>,
        stored: await consumerCopy('municipality', permissionId),
      };
    };

    const elsewhere = await grant({ audience: insurer });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toBe('invalid_request');
    expect(elsewhere.body.error_description).toMatch(
      /^the wallet-started standing permission cannot say whose it is: identity_token failed its check audience/,
    );
    expect(elsewhere.stored).toBeUndefined();

    const otherNonce = await grant({ otherNonce: true });
    expect(otherNonce.status).toBe(400);
    expect(otherNonce.body.error_description).toContain('identity_token failed its check nonce');
    expect(otherNonce.stored).toBeUndefined();

    // More than who she is (her date of birth) is not what a grant may carry.
    const tooMuch = await grant({ disclose: [...who, 'birthdate'] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error_description).toContain('identity_token failed its check no_unrequested_claims');
    expect(tooMuch.stored).toBeUndefined();

    const bound = await grant({});
    expect(bound.status).toBe(200);
    expect(bound.body.status).toBe('applied');
    expect(bound.stored).toMatchObject({
      origin: 'wallet',
      profile: { preferred_language: 'sv' },
      whose: { given_name: 'Karin', family_name: 'Berg', number: { claim: 'personal_identity_number' } },
    });
  });

  it('refuses a grant started by an old wallet, without an identity credential, and stores nothing', async () => {
    // Contract version 1's first update: a valid profile alone, at the municipality's update endpoint.
    const base = `${system.verifier.baseUrl}/consumers/municipality/standing-permissions`;
    const municipality = system.verifier.ctx.consumers.get('municipality')!.keys.clientId;
    const holder = await createTestHolder();
    const profile = await issueContactProfile({
      holder,
      claims: { preferred_language: 'sv' },
      profileVersion: 1,
      changeId: randomChangeId(),
    });
    const { c_nonce } = (await (await fetch(`${base}/nonce`, { method: 'POST' })).json()) as {
      c_nonce: string;
    };
    const vpToken = await presentContactProfile({
      credential: profile,
      holder,
      fields: ['preferred_language'],
      nonce: c_nonce,
      audience: municipality,
    });
    const noIdentity = await fetch(`${base}/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ standing_permission_id: 'A'.repeat(43), vp_token: vpToken }),
    });
    expect(noIdentity.status).toBe(400);
    const body = (await noIdentity.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toContain('identity_token');
    expect(await consumerCopy('municipality', 'A'.repeat(43))).toBeUndefined();
  });

  it('delivers a changed e-mail to all three bodies', async () => {
    await changeEmail('tolvan.ny@example.se');
    for (const body of bodies) {
      const id = await permissionIdOf(body);
      await eventually(`${body} to hold the new e-mail`, async () =>
        (await emailAt(body, id)) === 'tolvan.ny@example.se' ? true : undefined,
      );
      // A new address is not verified until its code is entered.
      expect((await consumerCopy(body, id)).profile.emails[0].verified).toBe(false);
    }
    // The wallet's outbox reports its deliveries (docs/operations.md, Metrics): one per body at least.
    const { registry } = system.wallet.ctx.metrics;
    const attempts = (await registry.getSingleMetric('outbox_delivery_attempts_total')!.get()).values;
    const delivered = attempts.find(
      (v) => v.labels.outbox === 'standing_delivery' && v.labels.outcome === 'delivered',
    );
    expect(delivered?.value).toBeGreaterThanOrEqual(bodies.length);
    const backlog = (await registry.getSingleMetric('outbox_backlog')!.get()).values;
    expect(backlog.find((v) => v.labels.outbox === 'standing_delivery')?.value).toBeGreaterThanOrEqual(0);
  });

  it('when the person narrows what Försäkringskassan gets, its copy drops the other fields', async () => {
    const id = await permissionIdOf('forsakringskassan');
    const narrowed = await api(wallet(), person, 'PATCH', `/api/standing-permissions/${id}`, {
      fields: ['emails', 'contact_preferences'],
    });
    expect(narrowed.status).toBe(200);
    const copy = await eventually('Försäkringskassan to drop the address', async () => {
      const c = await consumerCopy('forsakringskassan', id);
      return c && c.profile.address === undefined ? c : undefined;
    });
    expect(Object.keys(copy.profile).sort()).toEqual(['contact_preferences', 'emails']);
    expect(copy.profile.emails[0].address).toBe('tolvan.ny@example.se');
    // The school's copy is untouched.
    expect((await consumerCopy('school', await permissionIdOf('school'))).profile.address).toBeDefined();
    // Its consent record is renewed with the fields it now holds (docs/consent-records.md).
    const renewed = await eventually('a renewed consent record', async () => {
      const records = (await api(wallet(), person, 'GET', '/api/consent-records')).body.consent_records;
      return records.find(
        (r: any) =>
          r.standing_permission_id === id &&
          [...r.received[0].claims].sort().join() === 'contact_preferences,emails',
      );
    });
    expect(renewed).toMatchObject({ controller: { id: 'forsakringskassan' }, log_entry_id: null });
    const school = (await api(wallet(), person, 'GET', '/api/consent-records')).body.consent_records.filter(
      (r: any) => r.controller.id === 'school',
    );
    expect(school[0].standing_permission_id).toBe(await permissionIdOf('school'));
  });

  it('after withdrawing the municipality, only the two others get the next change', async () => {
    const municipalityId = await permissionIdOf('municipality');
    const withdrawn = await api(
      wallet(),
      person,
      'POST',
      `/api/standing-permissions/${municipalityId}/withdraw`,
    );
    expect(withdrawn.status).toBe(200);
    const told = await eventually('the municipality to be told', async () => {
      const copy = await consumerCopy('municipality', municipalityId);
      return copy?.status === 'withdrawn' ? copy : undefined;
    });
    // After withdrawal the consumer keeps no copy (its webhook carried the last one).
    expect(told.profile ?? {}).toEqual({});
    const updatesSentBefore = await updateDeliveriesTo(municipalityId);

    await changeEmail('tolvan.tredje@example.se');
    for (const body of ['school', 'forsakringskassan'] as const) {
      const id = await permissionIdOf(body);
      await eventually(`${body} to hold the third e-mail`, async () =>
        (await emailAt(body, id)) === 'tolvan.tredje@example.se' ? true : undefined,
      );
    }
    // Nothing more is even queued for the municipality, and its side stays withdrawn and empty.
    // Deliveries are queued in the transaction that saves the change, so once the other two
    // bodies have it, a delivery to the municipality would already be listed: no wait needed.
    expect(await updateDeliveriesTo(municipalityId)).toBe(updatesSentBefore);
    const copy = await consumerCopy('municipality', municipalityId);
    expect(copy.status).toBe('withdrawn');
    expect(copy.profile ?? {}).toEqual({});
  });

  it('a body that is down gets the change when it is back', async () => {
    const before = system.verifier;
    const port = Number(new URL(before.url).port);
    await before.stop({ keepDatabase: true });

    const version = await changeEmail('tolvan.fjarde@example.se');
    // The wallet shows the person that the deliveries are waiting.
    await eventually('a retrying delivery', async () => {
      const list = await permissionsInWallet();
      return list.some((p) => p.status === 'active' && p.retrying_deliveries.length > 0) ? true : undefined;
    });

    system.verifier = await startVerifier(kind, {
      trustList: system.trustList,
      sameDeploymentAs: before,
      port,
    });
    for (const body of ['school', 'forsakringskassan'] as const) {
      const id = await permissionIdOf(body);
      const copy = await eventually(
        `${body} to catch up`,
        async () => {
          const c = await consumerCopy(body, id);
          return c?.profile?.emails?.[0]?.address === 'tolvan.fjarde@example.se' ? c : undefined;
        },
        30_000,
      );
      expect(copy.profile_version).toBe(version);
    }
    const municipalityId = await permissionIdOf('municipality');
    expect(await emailAt('municipality', municipalityId)).toBeUndefined();
  });

  it("shows every delivery and the withdrawal in the person's log, without values", async () => {
    const log = await api(wallet(), person, 'GET', '/api/log');
    expect(log.status).toBe(200);
    const text = JSON.stringify(log.body);
    expect(text).not.toMatch(/tolvan[.a-z]*@example\.se|\+46701234567|Storgatan/);
    const events = log.body.entries as any[];
    expect(events.some((e) => e.event === 'profile_delivery')).toBe(true);
    expect(events.some((e) => e.event === 'standing_permission')).toBe(true);
  });

  it('a person who has filled in only an e-mail can still answer: the empty fields go as null', async () => {
    const alva = await signIn(system.wallet.baseUrl, '200503152381');
    const saved = await api(wallet(), alva, 'PUT', '/api/profile', {
      profile_version: 0,
      address: null,
      emails: [{ address: 'alva@example.se' }],
      phones: [],
      preferred_language: null,
      contact_preferences: null,
    });
    expect(saved.status).toBe(200);
    const asked = await createPresentationRequest(system.verifier, 'school', { template: 'contact_profile' });
    const shown = await api(wallet(), alva, 'POST', '/api/presentation-requests', {
      request: asked.body.openid4vp_url,
    });
    expect(shown.body.credential_queries[0].matches.length).toBe(1);
    const answered = await api(
      wallet(),
      alva,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'approve',
        standing: true,
      },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.delivered).toBe(true);
    const result = await fetch(`${system.verifier.url}/api/presentation-requests/${asked.body.id}`, {
      headers: { authorization: `Bearer ${system.verifier.apiKeys.school}` },
    }).then((r) => r.json() as Promise<any>);
    expect(result.status).toBe('verified');
    const copy = await consumerCopy('school', result.standing_permission.id);
    // The permission covers every field asked for; the copy holds what is filled in.
    expect([...copy.fields].sort()).toEqual([
      'address',
      'contact_preferences',
      'emails',
      'phones',
      'preferred_language',
    ]);
    expect(copy.profile.emails[0].address).toBe('alva@example.se');
    expect(copy.profile.address).toBeUndefined();
  });

  it('a second grant to the same body replaces the first: one body, one standing permission', async () => {
    const alva = await signIn(system.wallet.baseUrl, '200503152381');
    const before = (await api(wallet(), alva, 'GET', '/api/standing-permissions')).body.permissions;
    const first = before.find((p: any) => p.status === 'active' && p.consumer.client_id.endsWith(':school'));
    const asked = await createPresentationRequest(system.verifier, 'school', { template: 'contact_profile' });
    const shown = await api(wallet(), alva, 'POST', '/api/presentation-requests', {
      request: asked.body.openid4vp_url,
    });
    const answered = await api(
      wallet(),
      alva,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'approve',
        standing: true,
      },
    );
    expect(answered.body.standing_permission.id).not.toBe(first.id);
    const after = (await api(wallet(), alva, 'GET', '/api/standing-permissions')).body.permissions;
    const toSchool = after.filter((p: any) => p.consumer.client_id.endsWith(':school'));
    expect(toSchool.filter((p: any) => p.status === 'active').map((p: any) => p.id)).toEqual([
      answered.body.standing_permission.id,
    ]);
    await eventually('the school to be told the first one ended', async () =>
      (await consumerCopy('school', first.id))?.status === 'withdrawn' ? true : undefined,
    );
  });
});
