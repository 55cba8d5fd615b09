import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { karinsChildren } from '../issuer/src/register/demo-families.js';
import { createOffer } from '../issuer/test/wallet-client.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startSystem, type RunningSystem } from './system/start-system.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { eventually } from './eventually.js';

/**
 * "Jag företräder" over the real services (issue #20): Karin's wallet lists the children her
 * guardian credentials prove she may act for; the school asks, in one request, for a guardian
 * credential per child, her identity and her contact profile; the consent view says on whose
 * behalf the data go and which credential proves she may; one answer covers both children, and
 * the school's standing permission then keeps her contact details current.
 */
const karin = '197011082232';
const tolvan = '191212121212';
const [elsa, oskar] = karinsChildren;

interface Party {
  id: string;
  kind: string;
  name: string;
  proven_by: Array<{ credential_id: string; name: { sv: string } }>;
}

describe.each(testDatabaseKinds())('acting for one’s children on %s', (kind) => {
  let system: RunningSystem;
  let person: WalletSession;
  const wallet = () => system.wallet.baseUrl;

  async function receive(session: WalletSession, pnr: string, configurationIds: string[]) {
    const offer = await createOffer(system.issuer.baseUrl, system.issuer.apiKey, 'skatteverket', {
      personal_identity_number: pnr,
      credential_configuration_ids: configurationIds,
    });
    expect(offer.status).toBe(201);
    const received = await api(wallet(), session, 'POST', '/api/credential-offers', {
      offer: offer.body.credential_offer_uri ?? offer.body.offer_link,
      tx_code: offer.body.tx_code,
    });
    expect(received.status).toBe(201);
    const accepted = await api(
      wallet(),
      session,
      'POST',
      `/api/credential-offers/${received.body.id}/accept`,
    );
    expect(accepted.status).toBe(200);
  }

  async function schoolAsks(children = [elsa, oskar]) {
    const asked = await createPresentationRequest(system.verifier, 'school', {
      template: 'guardian_contact',
      children: children.map((c) => c.personal_identity_number),
    });
    expect(asked.status).toBe(201);
    const shown = await api(wallet(), person, 'POST', '/api/presentation-requests', {
      request: asked.body.openid4vp_url,
    });
    expect(shown.status).toBe(201);
    return { verifierId: asked.body.id as string, shown: shown.body };
  }

  beforeAll(async () => {
    system = await startSystem(kind, {
      walletSettings: { deliveryPollSeconds: 1, deliveryRetryBaseSeconds: 1, deliveryRetryCapSeconds: 2 },
    });
    person = await tokenSession(wallet(), karin);
    await receive(person, karin, ['person_identity', 'guardian_credential']);
    const saved = await api(wallet(), person, 'PUT', '/api/profile', {
      profile_version: 0,
      address: {
        street_address: 'Skolvägen 3',
        postal_code: '123 45',
        locality: 'Solbacken',
        country: 'SE',
        source: 'self',
      },
      emails: [{ address: 'karin@example.se' }],
      phones: [{ number: '+46701234568' }],
      preferred_language: 'sv',
      contact_preferences: { default: ['email'] },
    });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('lists the children the guardian credentials prove, each with its proof; someone without lists none', async () => {
    const listed = await api(wallet(), person, 'GET', '/api/representation');
    expect(listed.status).toBe(200);
    const parties = listed.body.parties as Party[];
    expect(parties.map((p) => [p.kind, p.name])).toEqual([
      ['child', 'Elsa Berg'],
      ['child', 'Oskar Berg'],
    ]);
    for (const party of parties) {
      expect(party.proven_by).toHaveLength(1);
      expect(party.proven_by[0]!.name.sv).toBe('Vårdnadshavare');
    }
    const tolvansWallet = await tokenSession(wallet(), tolvan);
    await receive(tolvansWallet, tolvan, ['person_identity']);
    expect((await api(wallet(), tolvansWallet, 'GET', '/api/representation')).body.parties).toEqual([]);
  });

  it('says on whose behalf the data go and what proves it; acting for one child offers only that child’s credential', async () => {
    const { shown } = await schoolAsks();
    expect(shown.can_answer).toBe(true);
    expect(shown.acting_for).toBeNull();
    expect(shown.on_behalf_of.map((p: Party) => p.name).sort()).toEqual(['Elsa Berg', 'Oskar Berg']);
    for (const party of shown.on_behalf_of as Party[]) {
      expect(party.proven_by.map((p) => p.name.sv)).toEqual(['Vårdnadshavare']);
    }
    const guardian = shown.credential_queries.find((q: { id: string }) => q.id === 'guardian');
    expect(guardian.matches).toHaveLength(2);
    expect(guardian.matches.map((m: { acts_for: { name: string } }) => m.acts_for.name).sort()).toEqual([
      'Elsa Berg',
      'Oskar Berg',
    ]);
    const identity = shown.credential_queries.find((q: { id: string }) => q.id === 'identity');
    expect(identity.matches[0].acts_for).toBeNull();
    // The identity choice (credential_sets) is answered by her identity credential alone.
    expect(
      Object.fromEntries(
        shown.credential_queries.map((q: { id: string; in_answer: boolean }) => [q.id, q.in_answer]),
      ),
    ).toEqual({
      guardian: true,
      identity: true,
      pid: false,
      registered_address: false,
      contact_profile: true,
    });

    const parties = (await api(wallet(), person, 'GET', '/api/representation')).body.parties as Party[];
    const forElsa = await api(
      wallet(),
      person,
      'GET',
      `/api/presentation-requests/${shown.id}?acting_for=${parties[0]!.id}`,
    );
    expect(forElsa.status).toBe(200);
    expect(forElsa.body.acting_for).toBe(parties[0]!.id);
    expect(forElsa.body.on_behalf_of.map((p: Party) => p.name)).toEqual(['Elsa Berg']);
    const onlyElsa = forElsa.body.credential_queries.find((q: { id: string }) => q.id === 'guardian');
    expect(onlyElsa.matches.map((m: { acts_for: { name: string } }) => m.acts_for.name)).toEqual([
      'Elsa Berg',
    ]);
  });

  it('answers the school for both children in one go; the standing permission then delivers a change', async () => {
    const { verifierId, shown } = await schoolAsks();
    const answered = await api(wallet(), person, 'POST', `/api/presentation-requests/${shown.id}/response`, {
      decision: 'approve',
      standing: true,
    });
    expect(answered.status).toBe(200);
    expect(answered.body.delivered).toBe(true);
    expect(answered.body.sent.filter((s: { query_id: string }) => s.query_id === 'guardian')).toHaveLength(2);

    const result = await readPresentationResult(system.verifier, 'school', verifierId);
    expect(result.body.status).toBe('verified');
    for (const check of ['profile_subject', 'guardian_valid', 'guardian_matches']) {
      expect(result.body.checks).toContainEqual(expect.objectContaining({ name: check, passed: true }));
    }
    // The school's copy names each child and the guardian.
    const children = result.body.claims.guardian.map(
      (g: { child: { given_name: string } }) => g.child.given_name,
    );
    expect(children.sort()).toEqual(['Elsa', 'Oskar']);
    expect(result.body.claims.identity[0]).toMatchObject({
      given_name: 'Karin',
      personal_identity_number: karin,
    });
    const permissionId = result.body.standing_permission.id as string;

    const current = (await api(wallet(), person, 'GET', '/api/profile')).body;
    const changed = await api(wallet(), person, 'PUT', '/api/profile', {
      ...current.profile,
      profile_version: current.profile_version,
      emails: [{ address: 'karin.berg@example.se' }],
    });
    expect(changed.status).toBe(200);
    await eventually('the change at the school', async () => {
      const response = await fetch(`${system.verifier.url}/api/standing-permissions/${permissionId}`, {
        headers: { authorization: `Bearer ${system.verifier.apiKeys.school}` },
      });
      const copy = response.status === 200 ? ((await response.json()) as { profile?: any }) : undefined;
      return copy?.profile?.emails?.[0]?.address === 'karin.berg@example.se' ? copy : undefined;
    });
    // The school's copy says whose contact details they are: the guardian's, as her identity
    // credential named her at the grant; a change keeps it.
    const copy = (await (
      await fetch(`${system.verifier.url}/api/standing-permissions/${permissionId}`, {
        headers: { authorization: `Bearer ${system.verifier.apiKeys.school}` },
      })
    ).json()) as { whose: unknown };
    expect(copy.whose).toMatchObject({
      given_name: 'Karin',
      family_name: 'Berg',
      number: { claim: 'personal_identity_number', value: karin },
    });
  });

  it('refuses to answer for a child the wallet cannot prove: acting for Elsa leaves Oskar out, and the school refuses', async () => {
    const parties = (await api(wallet(), person, 'GET', '/api/representation')).body.parties as Party[];
    const { verifierId, shown } = await schoolAsks();
    const answered = await api(wallet(), person, 'POST', `/api/presentation-requests/${shown.id}/response`, {
      decision: 'approve',
      acting_for: parties[0]!.id,
    });
    expect(answered.status).toBe(200);
    expect(answered.body.delivered).toBe(false);
    const result = await readPresentationResult(system.verifier, 'school', verifierId);
    expect(result.body.status).toBe('rejected');
    expect(
      result.body.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { name: string }) => c.name),
    ).toEqual(['guardian_matches']);
  });
});
