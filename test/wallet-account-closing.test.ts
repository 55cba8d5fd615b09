import { pino } from 'pino';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { RefreshTokenEntity } from '../issuer/src/refresh-token/refresh-token-entity.js';
import type { RunningVerifier } from '../verifier/test/start-verifier.js';
import { startStandingConsumer, type StandingConsumer } from '../wallet/test/standing-consumer.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { finishHolderFetch } from './holder-sign-in.js';
import { createPresentationRequest, readPresentationResult } from './verifier-helpers.js';
import { receiveOffer, type WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier } from './wallet-with-verifier.js';

const tolvan = '191212121212';
const samir = '198806244417';

/**
 * Closing a wallet account (GDPR Art. 17, after the Art. 20 export), over the real services:
 * the export holds everything (credentials as issued, log, consent records with their
 * capabilities, standing permissions, profile); closing withdraws every standing permission
 * with the consumers told (one that does not answer is named), revokes the holder sign-ins, and
 * deletes every row of the person — and no one else's —, logging the closing with counts only.
 */
describe.each(testDatabaseKinds())('closing a wallet account on %s', (kind) => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let stop: () => Promise<void>;
  let school: StandingConsumer;
  let tax: StandingConsumer;
  let wallet: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    ({ world, verifier, person, stop } = await startWalletWithVerifier(kind));
    wallet = world.wallet.baseUrl;
    school = await startStandingConsumer('school');
    tax = await startStandingConsumer('tax', ['address', 'preferred_language']);
    world.addConsumer(school.trustListEntry());
    world.addConsumer(tax.trustListEntry());
    // Short enough for a test: closing waits this long for consumers' answers.
    world.wallet.ctx.settings.accountClosingWaitSeconds = 3;
    (world.wallet.ctx as { logger: unknown }).logger = pino(
      { level: 'info' },
      { write: (line: string) => void logLines.push(line) },
    );
  }, 90_000);
  afterAll(async () => {
    await stop?.();
    await school?.stop().catch(() => undefined);
    await tax?.stop().catch(() => undefined);
  });

  /** Every row any wallet table holds for the account (by its `account_id` column). */
  async function rowsOf(accountId: string): Promise<Record<string, number>> {
    const ds = world.wallet.ctx.db.dataSource;
    const counts: Record<string, number> = {};
    for (const meta of ds.entityMetadatas) {
      const column = meta.columns.find((c) => c.databaseName === 'account_id');
      const where = column
        ? { [column.propertyName]: accountId }
        : meta.tableName === 'wallet_account'
          ? { id: accountId }
          : null;
      if (!where) continue;
      const n = await ds.getRepository(meta.target).countBy(where);
      if (n > 0) counts[meta.tableName] = n;
    }
    return counts;
  }

  async function setUpTolvan() {
    // Contact profile and standing permissions with two consumers.
    const saved = await api(wallet, person, 'PUT', '/api/profile', {
      address: {
        street_address: 'Storgatan 12',
        postal_code: '111 22',
        locality: 'Stockholm',
        country: 'SE',
      },
      emails: [{ address: 'tolvan@example.se' }],
      phones: [{ number: '+46701234567' }],
      preferred_language: 'sv',
      contact_preferences: { default: ['digital_mailbox', 'email'] },
    });
    expect(saved.status).toBe(200);
    // Sharing without a request sends who the person is (contract version 2): Skatteverket's identity.
    if (!world.trustList.issuers.some((i) => i.id === 'skatteverket'))
      world.trustList.issuers.push(
        await fetchTrustedIssuer({
          id: 'skatteverket',
          credentialIssuer: `${world.issuer.baseUrl}/skatteverket`,
        }),
      );
    const identity = await receiveOffer(world, person, {
      holder: 'skatteverket',
      pnr: tolvan,
      configurationId: 'person_identity',
    });
    expect(identity.status).toBe(201);
    expect(
      (await api(wallet, person, 'POST', `/api/credential-offers/${identity.body.id}/accept`)).status,
    ).toBe(200);
    const shared = await api(wallet, person, 'POST', '/api/standing-permissions', {
      consumers: ['school', 'tax'],
      fields: ['address', 'preferred_language'],
    });
    expect(shared.status).toBe(201);
    // A share with the insurer: a consent record.
    const created = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'Snabbkoll av inskrivning',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }],
          },
        ],
      },
    });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.body.delivered).toBe(true);
    // Connected to Arbetsförmedlingen's usage log.
    const started = await api(wallet, person, 'POST', '/api/usage/holders/af/connect', {});
    expect((await finishHolderFetch(wallet, started.body.authorization_url, tolvan)).status).toBe(303);
    // Both consumers have the profile before the closing.
    const until = Date.now() + 60_000;
    while (![school, tax].every((c) => c.permissions.size === 1) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(school.permissions.size).toBe(1);
    return { requestId: created.body.id as string };
  }

  it('exports everything, then closes: consumers told, holder sign-ins revoked, every row of the person gone', async () => {
    const samirs = await tokenSession(wallet, samir);
    const samirAccount = (await world.wallet.ctx.store.findAccountByIdentity(samir))!;
    const samirRows = await rowsOf(samirAccount.id);
    const { requestId } = await setUpTolvan();
    const account = (await world.wallet.ctx.store.findAccountByIdentity(tolvan))!;

    const exported = await api(wallet, person, 'GET', '/api/account/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment/);
    const doc = exported.body;
    expect(doc).toMatchObject({
      format: 'min-profil-wallet-export',
      version: 1,
      account: { identity_number: tolvan },
      profile: expect.objectContaining({ profile_version: expect.any(Number) }),
    });
    expect(doc.credentials).toHaveLength(2);
    expect(doc.credentials[0].copies[0]).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+~/);
    expect(doc.consent_records).toHaveLength(1);
    expect(doc.consent_records[0].capability).toMatch(/^[\w-]{20,}$/);
    expect(doc.standing_permissions.map((p: any) => p.status)).toEqual(['active', 'active']);
    expect(doc.log.map((e: any) => e.event)).toEqual(expect.arrayContaining(['issuance', 'presentation']));
    expect(doc.holder_connections).toEqual([
      { credential_issuer: `${world.issuer.baseUrl}/af`, connected_at: expect.any(String) },
    ]);

    // Closing must be said in so many words; without it nothing changes.
    const unsure = await api(wallet, person, 'POST', '/api/account/close', {});
    expect(unsure.status).toBe(400);
    expect(unsure.body.error).toBe('invalid_request');
    expect(await world.wallet.ctx.store.findAccountByIdentity(tolvan)).not.toBeNull();

    // The tax agency is down: it will not hear in time, and the person is told so.
    await tax.stop();
    // Tolvan also asks every consumer to erase what it received, before the receipts go.
    const closed = await api(wallet, person, 'POST', '/api/account/close', {
      confirm: true,
      request_erasure: true,
    });
    expect(closed.status).toBe(200);
    expect(closed.body.withdrawn).toEqual(
      expect.arrayContaining([
        { client_id: school.clientId, name: { sv: 'Konsument school', en: 'Consumer school' }, told: true },
        { client_id: tax.clientId, name: { sv: 'Konsument tax', en: 'Consumer tax' }, told: false },
      ]),
    );
    expect(closed.body.holders).toEqual([
      {
        credential_issuer: `${world.issuer.baseUrl}/af`,
        name: expect.objectContaining({ sv: 'Arbetsförmedlingen' }),
        revoked: true,
      },
    ]);
    expect(closed.body.erasure).toEqual([
      {
        client_id: expect.stringMatching(/insurer$/),
        name: expect.objectContaining({ sv: 'Trygga Försäkringar' }),
        state: 'deleted',
      },
    ]);
    expect((await readPresentationResult(verifier, 'insurer', requestId)).body.claims).toBeUndefined();
    expect(closed.body.deleted.wallet_account).toBe(1);
    expect(closed.body.deleted.wallet_credential).toBe(2);

    // The school consumer got the signed withdrawal.
    expect([...school.permissions.values()].map((p) => p.status)).toEqual(['withdrawn']);
    expect(school.received.some((r) => r.kind === 'withdrawal')).toBe(true);
    // The holder's sign-in is revoked there.
    const refresh = await world.issuer.ctx.db.dataSource
      .getRepository(RefreshTokenEntity)
      .findBy({ identityNumber: tolvan });
    expect(refresh.length).toBeGreaterThan(0);
    expect(refresh.every((t) => t.revokedAt !== null)).toBe(true);
    // Nothing of Tolvan is left in any wallet table; Samir's rows are untouched.
    expect(await rowsOf(account.id)).toEqual({});
    expect(await rowsOf(samirAccount.id)).toEqual(samirRows);
    expect((await api(wallet, samirs, 'GET', '/api/credentials')).status).toBe(200);
    // The token the account had no longer works.
    expect((await api(wallet, person, 'GET', '/api/credentials')).status).toBe(401);
    // Logged, with counts only: no identity number, no account id, no names.
    const line = logLines.find((l) => l.includes('wallet account closed'))!;
    expect(JSON.parse(line)).toMatchObject({
      event: 'account_closed',
      permissions_withdrawn: 2,
      consumers_not_told: 1,
      holder_sign_ins_revoked: 1,
    });
    expect(line).not.toContain(tolvan);
    expect(line).not.toContain(account.id);
    expect(line).not.toContain('Konsument');

    // Signing in again starts an empty wallet.
    const again = await tokenSession(wallet, tolvan);
    expect((await api(wallet, again, 'GET', '/api/credentials')).body.credentials).toEqual([]);
    expect((await api(wallet, again, 'GET', '/api/consent-records')).body.consent_records).toEqual([]);
  }, 120_000);
});
