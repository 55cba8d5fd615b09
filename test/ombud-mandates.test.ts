import type { JWK } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { verifySdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import {
  startIssuerWithWalletClient,
  walletClient,
  walletRedirect,
  type IssuerWithWalletClient,
} from './issuer-with-wallet-client.js';
import type { RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createHolderKey,
  createPkce,
  createProof,
  fetchNonce,
  getJson,
  postJson,
  pushAuthorizationRequest,
} from '../issuer/test/wallet-client.js';

const tolvan = '191212121212';
const samir = '198806244417';
const karin = '197011082232';
/** A valid number nobody in the demo population register has. */
const stranger = '198101011230';
const municipality = '212000-0004';

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Mina ombud over HTTP (issue #21): Karin signs in through the test eID and, from her wallet,
 * gives Samir a power of attorney; Samir signs in and fetches it as a mandate credential; Karin
 * lists and revokes it, and the credential's status turns revoked at once.
 */
describe.each(testDatabaseKinds())('Mina ombud: powers of attorney on %s', (kind) => {
  let world: IssuerWithWalletClient;
  let issuer: RunningIssuer;
  beforeAll(async () => {
    world = await startIssuerWithWalletClient(kind);
    issuer = world.issuer;
  });
  afterAll(() => world?.stop());

  /** PAR → consent page → eID → code → token at `/ombud`, for `scope`. */
  const authorize = (identityNumber: string, scope: string) =>
    world.authorize('ombud', identityNumber, scope);

  const mandatesToken = async (identityNumber: string) =>
    (await authorize(identityNumber, 'mandates')).token.access_token as string;
  const give = (token: string, body: unknown) =>
    postJson(`${issuer.baseUrl}/ombud/mandates`, body, { authorization: `Bearer ${token}` });
  const forSamir = (scope: unknown = { relying_parties: [municipality], purposes: ['company_permit'] }) => ({
    agent: { personal_identity_number: samir },
    scope,
    valid_from: today(),
    valid_until: inDays(365),
  });

  /** The agent fetches every mandate credential Mina ombud holds for them. */
  async function fetchMandates(identityNumber: string) {
    const { token } = await authorize(identityNumber, 'ombud_mandate');
    const identifiers = (token.authorization_details?.[0]?.credential_identifiers ?? []) as string[];
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/ombud`);
    const out = [];
    for (const identifier of identifiers) {
      const proof = await createProof({
        key: await createHolderKey(),
        audience: `${issuer.baseUrl}/ombud`,
        nonce: await fetchNonce(issuer.baseUrl, 'ombud'),
      });
      const response = await postJson(
        `${issuer.baseUrl}/ombud/credential`,
        { credential_identifier: identifier, proofs: { jwt: [proof] } },
        { authorization: `Bearer ${token.access_token}` },
      );
      expect(response.status).toBe(200);
      const compact = response.body.credentials[0].credential as string;
      const verified = await verifySdJwtVc({
        compact,
        resolveIssuerKey: async () => metadata.body.jwks.keys[0] as JWK,
      });
      out.push({ compact, verified });
    }
    return out;
  }

  async function statusOf(compact: string) {
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/ombud`);
    const verified = await verifySdJwtVc({
      compact,
      resolveIssuerKey: async () => metadata.body.jwks.keys[0] as JWK,
    });
    const { idx, uri } = verified.status!.status_list!;
    return getListFromStatusListJWT(await (await fetch(uri)).text()).getStatus(idx);
  }

  it('asks the person on its own page, and gives no refresh token for managing powers of attorney', async () => {
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/oauth-authorization-server/ombud`);
    expect(metadata.body.scopes_supported).toEqual(expect.arrayContaining(['ombud_mandate', 'mandates']));
    const { token, consentPage } = await authorize(karin, 'mandates');
    expect(consentPage).toContain('Hantera dina fullmakter');
    expect(consentPage).toContain('Ge fullmakter, visa dem och återkalla dem');
    expect(token.refresh_token).toBeUndefined();
    // Another holder does not grant it.
    const pushed = await pushAuthorizationRequest(issuer.baseUrl, 'af', {
      response_type: 'code',
      client_id: walletClient.clientId,
      redirect_uri: walletRedirect,
      code_challenge: createPkce().challenge,
      code_challenge_method: 'S256',
      scope: 'mandates',
    });
    expect(pushed.status).toBe(400);
    expect(pushed.body.error).toBe('invalid_scope');
  });

  it('gives, issues, lists and revokes a power of attorney; the credential is revoked at once', async () => {
    const karins = await mandatesToken(karin);
    const given = await give(karins, forSamir());
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({
      principal: { given_name: 'Karin', family_name: 'Berg', personal_identity_number: karin },
      agent: { given_name: 'Samir', family_name: 'Haddad', personal_identity_number: samir },
      scope: { relying_parties: [municipality], purposes: ['company_permit'] },
      status: 'active',
    });

    const [issued, ...others] = await fetchMandates(samir);
    expect(others).toHaveLength(0);
    expect(issued.verified.vct).toBe(`${issuer.baseUrl}/ombud/vct/mandate`);
    expect(issued.verified.claims).toMatchObject({
      personal_identity_number: samir,
      principal: { given_name: 'Karin', personal_identity_number: karin },
      agent: { given_name: 'Samir', personal_identity_number: samir },
      scope: { relying_parties: [municipality], purposes: ['company_permit'] },
      valid_from: today(),
      valid_until: inDays(365),
    });
    expect(issued.verified.cnf).toBeDefined();
    expect(await statusOf(issued.compact)).toBe(0);

    const listed = await getJson(`${issuer.baseUrl}/ombud/mandates`, { authorization: `Bearer ${karins}` });
    expect(listed.status).toBe(200);
    expect(listed.body.given.map((g: { id: string }) => g.id)).toContain(given.body.id);

    // Tolvan cannot revoke Karin's power of attorney.
    const tolvans = await mandatesToken(tolvan);
    const notHis = await postJson(
      `${issuer.baseUrl}/ombud/mandates/${given.body.id}/revoke`,
      {},
      {
        authorization: `Bearer ${tolvans}`,
      },
    );
    expect(notHis.status).toBe(404);
    expect(await statusOf(issued.compact)).toBe(0);

    const revoked = await postJson(
      `${issuer.baseUrl}/ombud/mandates/${given.body.id}/revoke`,
      {},
      {
        authorization: `Bearer ${karins}`,
      },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect(await statusOf(issued.compact)).toBe(1);
    // Nothing more is issued for it: Samir's next sign-in names no mandate credential.
    const { token } = await authorize(samir, 'ombud_mandate');
    expect(token.authorization_details).toEqual([
      { type: 'openid_credential', credential_configuration_id: 'mandate', credential_identifiers: [] },
    ]);
  });

  it('refuses a power of attorney to oneself, to someone not in the register, with bad dates or without the right token', async () => {
    const karins = await mandatesToken(karin);
    const cases: Array<[unknown, RegExp]> = [
      [{ ...forSamir(), agent: { personal_identity_number: karin } }, /the agent is the principal/],
      [{ ...forSamir(), agent: { personal_identity_number: stranger } }, /not in the population register/],
      [{ ...forSamir(), valid_until: inDays(-2), valid_from: inDays(-10) }, /already passed/],
      [{ ...forSamir(), valid_from: inDays(10), valid_until: inDays(5) }, /before valid_from/],
      [{ ...forSamir(), valid_until: inDays(6 * 366) }, /at most 5 years/],
      [{ ...forSamir(), valid_until: '2027-02-30' }, /calendar dates/],
      [forSamir({ relying_parties: ['Exempelby'], purposes: 'all' }), /organisation number/],
      [{ ...forSamir(), extra: 1 }, /invalid power of attorney/],
    ];
    for (const [body, message] of cases) {
      const refused = await give(karins, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_request');
      expect(refused.body.error_description).toMatch(message);
    }
    const listed = await getJson(`${issuer.baseUrl}/ombud/mandates`, { authorization: `Bearer ${karins}` });
    expect(listed.body.given.filter((g: { status: string }) => g.status === 'active')).toHaveLength(0);

    expect((await give('', forSamir())).status).toBe(401);
    // A token for fetching mandate credentials does not give any.
    const credentialToken = (await authorize(karin, 'ombud_mandate')).token.access_token as string;
    const wrong = await give(credentialToken, forSamir());
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('insufficient_scope');
  });
});
