import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { grantMandate } from '../issuer/src/ombud/grant-mandate.js';
import { api, signIn } from '../wallet/test/wallet-api.js';
import { TestBrowser, finishHolderFetch } from './holder-sign-in.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const samir = '198806244417';
const karin = '197011082232';

type Claim = { name: string; value: unknown };
const valueOf = (claims: Claim[], name: string) => claims.find((c) => c.name === name)?.value;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The real wallet fetches what a person needs to act for someone else (issue #21): Karin her
 * signatory and company identity credentials from Bolagsverket, one per company; Samir the
 * mandate credential of the power of attorney Karin gave him, from Mina ombud. Each signs in
 * with the test eID at the holder (authorization code, DPoP). The `vct` segments and claims are
 * what the wallet's "Jag företräder" switch reads.
 */
describe.each(testDatabaseKinds())('company and mandate credentials in the wallet on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
  });
  afterAll(async () => {
    await world?.stop();
  });

  /** The person fetches `configurationId` from `holder` in their wallet; returns the stored previews. */
  async function fetchFrom(pnr: string, holder: string, configurationId: string) {
    const browser = await signIn(wallet, pnr);
    const started = await api(wallet, browser, 'POST', `/api/holders/${holder}/fetch`, {
      credential_configuration_id: configurationId,
    });
    expect(started.status).toBe(201);
    const done = await finishHolderFetch(
      wallet,
      started.body.authorization_url,
      pnr,
      new TestBrowser(wallet, browser.cookie),
    );
    const back = new URL(done.headers.get('location')!, wallet);
    const received = back.searchParams.get('received');
    expect(received).toBeTruthy();
    const shown = await api(wallet, browser, 'GET', `/api/credential-offers/${received}`);
    expect(shown.body.state).toBe('stored');
    return shown.body.credentials as Array<{ vct?: string; name: { sv: string }; claims: Claim[] }>;
  }

  it('Karin fetches a signatory and a company identity credential for each company she signs for', async () => {
    const signatories = await fetchFrom(karin, 'bolagsverket', 'signatory');
    expect(
      signatories.map((c) => [valueOf(c.claims, 'org_number'), valueOf(c.claims, 'signing_rule')]).sort(),
    ).toEqual([
      ['556934-5670', 'two_jointly'],
      ['769612-3459', 'board_jointly'],
      ['769640-1517', 'board_jointly'],
    ]);
    expect(signatories.map((c) => c.name.sv)).toEqual(['Firmatecknare', 'Firmatecknare', 'Firmatecknare']);
    const companies = await fetchFrom(karin, 'bolagsverket', 'company_identity');
    expect(companies.map((c) => valueOf(c.claims, 'company_name')).sort()).toEqual([
      'Berg & Haddad Konsult AB',
      'Brf Björkhagen',
      'Solbackens Föräldraförening ek. för.',
    ]);
    const list = await api(wallet, await signIn(wallet, karin), 'GET', '/api/credentials');
    const vcts = list.body.credentials.map((c: { vct?: string; type?: string }) => c.vct ?? c.type);
    expect(vcts.filter((v: string) => v?.endsWith('/signatory'))).toHaveLength(3);
    expect(vcts.filter((v: string) => v?.endsWith('/company_identity'))).toHaveLength(3);
  });

  it('Samir fetches the mandate credential of the power of attorney Karin gave him', async () => {
    await grantMandate(world.issuer.ctx, karin, {
      agent: { personal_identity_number: samir },
      scope: { relying_parties: 'all', purposes: ['building_permit'] },
      valid_from: inDays(0),
      valid_until: inDays(90),
    });
    const [mandate, ...more] = await fetchFrom(samir, 'ombud', 'mandate');
    expect(more).toHaveLength(0);
    expect(mandate.name.sv).toBe('Fullmakt');
    expect(valueOf(mandate.claims, 'principal')).toMatchObject({
      given_name: 'Karin',
      family_name: 'Berg',
      personal_identity_number: karin,
    });
    expect(valueOf(mandate.claims, 'personal_identity_number')).toBe(samir);
    expect(valueOf(mandate.claims, 'scope')).toEqual({
      relying_parties: 'all',
      purposes: ['building_permit'],
    });
  });
});
