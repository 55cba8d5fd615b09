import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import { api, signIn, type WalletSession } from '../wallet/test/wallet-api.js';
import { TestBrowser, finishHolderFetch } from './holder-sign-in.js';
import { startSystem, type RunningSystem } from './system/start-system.js';
import { eventually } from './eventually.js';

const karin = '197011082232';
const samir = '198806244417';
const tolvan = '191212121212';
/** Berg & Haddad Konsult AB: Karin and Samir sign for it (två i förening). */
const bergHaddad = '556934-5670';
const bodies = ['municipality', 'forsakringskassan'] as const;
type Body = (typeof bodies)[number];

const profile = (version: number, email: string) => ({
  profile_version: version,
  address: { street_address: 'Storgatan 1', postal_code: '123 45', locality: 'Exempelby', country: 'SE' },
  official_mail_address: {
    street_address: 'Box 17',
    postal_code: '123 21',
    locality: 'Exempelby',
    country: 'SE',
  },
  emails: [{ address: email }],
  phones: [{ number: '+46701234567' }],
  preferred_language: 'sv',
});

/**
 * Sharing the company contact profile under standing permissions (issue #21) over the real
 * services: a current signatory of Berg & Haddad shares it with two bodies, a change by the
 * other signatory reaches both, signed by the company key the wallet service holds; once
 * Bolagsverket revokes Karin's signatory credentials she can neither change, share nor withdraw
 * (nothing stored), while Samir still can.
 */
describe.each(testDatabaseKinds())('the company contact profile under standing permissions on %s', (kind) => {
  let system: RunningSystem;
  const sessions: Record<string, WalletSession & { cookie: string }> = {};
  const wallet = () => system.wallet.baseUrl;
  const permissionsPath = `/api/companies/${bergHaddad}/standing-permissions`;
  const profilePath = `/api/companies/${bergHaddad}/profile`;
  const ids: Partial<Record<Body, string>> = {};

  /** What a body's own system reads from the verifier: its copy of the company's profile. */
  async function bodyCopy(body: Body): Promise<any | undefined> {
    const response = await fetch(`${system.verifier.url}/api/standing-permissions/${ids[body]}`, {
      headers: { authorization: `Bearer ${system.verifier.apiKeys[body]}` },
    });
    return response.status === 200 ? response.json() : undefined;
  }
  const emailAt = async (body: Body) => (await bodyCopy(body))?.profile?.emails?.[0]?.address;

  beforeAll(async () => {
    system = await startSystem(kind, {
      walletSettings: { deliveryPollSeconds: 1, deliveryRetryBaseSeconds: 1, deliveryRetryCapSeconds: 2 },
    });
    for (const person of [karin, samir, tolvan]) sessions[person] = await signIn(wallet(), person);
    for (const person of [karin, samir]) {
      const started = await api(wallet(), sessions[person], 'POST', '/api/holders/bolagsverket/fetch', {
        credential_configuration_id: 'signatory',
      });
      expect(started.status).toBe(201);
      const done = await finishHolderFetch(
        wallet(),
        started.body.authorization_url,
        person,
        new TestBrowser(wallet(), sessions[person]!.cookie),
      );
      expect(new URL(done.headers.get('location')!, wallet()).searchParams.get('received')).toBeTruthy();
    }
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('shares with two bodies, and a change by the other signatory reaches both', async () => {
    expect(
      (await api(wallet(), sessions[karin], 'PUT', profilePath, profile(0, 'info@bh.example'))).status,
    ).toBe(200);
    const offered = await api(wallet(), sessions[karin], 'GET', permissionsPath);
    expect(offered.status).toBe(200);
    expect(offered.body.permissions).toEqual([]);
    // Registered for company profiles in the demo trust list: the two bodies and the permit office.
    expect(offered.body.consumers.map((c: any) => c.id).sort()).toEqual([
      'forsakringskassan',
      'municipality',
      'municipality-permits',
    ]);

    const shared = await api(wallet(), sessions[karin], 'POST', permissionsPath, {
      consumers: [...bodies],
      fields: ['address', 'official_mail_address', 'emails', 'phones', 'preferred_language'],
    });
    expect(shared.status).toBe(201);
    expect(shared.body.permissions).toHaveLength(2);
    for (const p of shared.body.permissions) {
      ids[bodies.find((b) => p.consumer.client_id.endsWith(`:${b}`))!] = p.id;
    }
    // The company's, not Karin's own: her person's list stays empty.
    expect(
      (await api(wallet(), sessions[karin], 'GET', '/api/standing-permissions')).body.permissions,
    ).toEqual([]);
    for (const body of bodies) {
      const copy = await eventually(`${body} to hold the profile`, async () =>
        (await emailAt(body)) === 'info@bh.example' ? bodyCopy(body) : undefined,
      );
      expect(copy).toMatchObject({
        status: 'active',
        origin: 'wallet',
        profile_vct: companyContactProfileVct,
        org_number: bergHaddad,
        profile_version: 1,
        profile: { official_mail_address: { street_address: 'Box 17' } },
      });
    }

    // Samir, the other signatory, changes it: both bodies get it.
    const changed = await api(wallet(), sessions[samir], 'PUT', profilePath, profile(1, 'kontor@bh.example'));
    expect(changed.status).toBe(200);
    for (const body of bodies) {
      await eventually(`${body} to get the change`, async () =>
        (await emailAt(body)) === 'kontor@bh.example' ? true : undefined,
      );
      expect((await bodyCopy(body)).profile_version).toBe(2);
    }
    // Signed by one company key: both bodies recorded the same holder key, the wallet's only one.
    const row = await system.wallet.ctx.store.findCompanyProfile(bergHaddad);
    expect(row!.signingKmsKid).toBeTruthy();
    const listed = await api(wallet(), sessions[samir], 'GET', permissionsPath);
    expect(listed.body.permissions.map((p: any) => p.last_delivered_version)).toEqual([2, 2]);
  });

  it('has the body refuse an update of the company profile signed by another key than the company’s', async () => {
    const permission = (await system.wallet.ctx.permissions.findPermissionById(ids.forsakringskassan!))!;
    /** A company profile update as a forger would make it: own key, the permission's id. */
    async function forged(orgNumber: string, key: { privateKey: KeyObject; publicKey: KeyObject }) {
      const jwk = key.publicKey.export({ format: 'jwk' }) as JWK;
      const did = `did:jwk:${Buffer.from(JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y })).toString('base64url')}`;
      const issued = await issueSdJwtVc({
        issuer: did,
        vct: companyContactProfileVct,
        claims: {
          org_number: orgNumber,
          profile_version: 99,
          change_id: `forged-${orgNumber}`,
          emails: [{ address: 'x@evil.example' }],
        },
        disclosureFrame: { _sd: ['emails'] },
        holderJwk: jwk,
        issuedAt: Math.floor(Date.now() / 1000),
        signer: { privateKey: key.privateKey, kid: `${did}#0`, alg: 'ES256' },
      });
      const nonce = (
        (await (await fetch(permission.nonceEndpoint, { method: 'POST' })).json()) as { c_nonce: string }
      ).c_nonce;
      const vpToken = await presentSdJwtVc({
        compact: issued,
        disclose: () => true,
        keyBinding: {
          privateKey: key.privateKey,
          alg: 'ES256',
          audience: permission.clientId,
          nonce,
          issuedAt: Math.floor(Date.now() / 1000),
        },
      });
      const response = await fetch(permission.updateEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ standing_permission_id: permission.id, vp_token: vpToken }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    }
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const refused = await forged(bergHaddad, stranger);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_request');
    expect(refused.body.error_description).toMatch(/holder key of the permission/);
    expect(await emailAt('forsakringskassan')).toBe('kontor@bh.example');
  });

  it('refuses someone who does not sign for the company, and bad input, storing nothing', async () => {
    expect((await api(wallet(), sessions[tolvan], 'GET', permissionsPath)).status).toBe(403);
    const stranger = await api(wallet(), sessions[tolvan], 'POST', permissionsPath, {
      consumers: ['school'],
      fields: ['emails'],
    });
    expect(stranger.status).toBe(403);
    const withdraw = await api(
      wallet(),
      sessions[tolvan],
      'POST',
      `${permissionsPath}/${ids.municipality}/withdraw`,
    );
    expect(withdraw.status).toBe(403);
    // A body not registered for company profiles, and a field a company profile has not.
    const school = await api(wallet(), sessions[samir], 'POST', permissionsPath, {
      consumers: ['school'],
      fields: ['emails'],
    });
    expect(school.status).toBe(400);
    expect(school.body.error).toBe('invalid_request');
    const field = await api(wallet(), sessions[samir], 'POST', permissionsPath, {
      consumers: ['municipality'],
      fields: ['contact_preferences'],
    });
    expect(field.status).toBe(400);
    const listed = await api(wallet(), sessions[samir], 'GET', permissionsPath);
    expect(listed.body.permissions.filter((p: any) => p.status === 'active')).toHaveLength(2);
  });

  it('refuses a former signatory: no change, no share, no withdrawal, nothing stored', async () => {
    const staff = { authorization: `Bearer ${system.issuer.apiKey}` };
    const account = (await system.wallet.ctx.store.findAccountByIdentity(karin))!;
    const held = (await system.wallet.ctx.store.listCredentials(account.id, ['stored'])).filter((r) =>
      r.vct?.endsWith('/signatory'),
    );
    const listed = await getJson(
      `${system.issuer.baseUrl}/bolagsverket/admin/credentials?personal_identity_number=${karin}`,
      staff,
    );
    const issued = listed.body.credentials.filter(
      (c: { credential_configuration_id: string; status_list: { idx: number } }) =>
        c.credential_configuration_id === 'signatory' && held.some((h) => h.statusIdx === c.status_list.idx),
    );
    expect(issued.length).toBeGreaterThan(0);
    for (const credential of issued) {
      const revoked = await postJson(
        `${system.issuer.baseUrl}/bolagsverket/admin/credentials/${credential.id}/status`,
        { status: 'revoked' },
        staff,
      );
      expect(revoked.status).toBe(200);
    }
    // The wallet keeps a status list for its ttl; dropped here as that expiry would.
    for (const h of held) system.wallet.ctx.statusLists.invalidate(h.statusUri!);

    const change = await api(wallet(), sessions[karin], 'PUT', profilePath, profile(2, 'karin@bh.example'));
    expect(change.status).toBe(403);
    expect(change.body.error).toBe('access_denied');
    const withdraw = await api(
      wallet(),
      sessions[karin],
      'POST',
      `${permissionsPath}/${ids.municipality}/withdraw`,
    );
    expect(withdraw.status).toBe(403);
    expect((await api(wallet(), sessions[karin], 'GET', permissionsPath)).status).toBe(403);
    // Nothing stored: the profile, the permissions and the bodies' copies are as they were.
    expect((await system.wallet.ctx.store.findCompanyProfile(bergHaddad))!.version).toBe(2);
    const seen = await api(wallet(), sessions[samir], 'GET', permissionsPath);
    expect(seen.body.permissions.map((p: any) => p.status)).toEqual(['active', 'active']);
    for (const body of bodies) expect((await bodyCopy(body)).status).toBe('active');
  });

  it('lets the remaining signatory withdraw one body; the next change reaches only the other', async () => {
    const withdrawn = await api(
      wallet(),
      sessions[samir],
      'POST',
      `${permissionsPath}/${ids.municipality}/withdraw`,
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    await eventually('the municipality to hear of the withdrawal', async () =>
      (await bodyCopy('municipality'))?.status === 'withdrawn' ? true : undefined,
    );
    const changed = await api(wallet(), sessions[samir], 'PUT', profilePath, profile(2, 'ny@bh.example'));
    expect(changed.status).toBe(200);
    await eventually('Försäkringskassan to get the change', async () =>
      (await emailAt('forsakringskassan')) === 'ny@bh.example' ? true : undefined,
    );
    // The withdrawn body keeps no copy and got nothing more.
    const municipality = await bodyCopy('municipality');
    expect(municipality.profile).toBeUndefined();
    expect(municipality.profile_version).toBe(2);
  });
});
