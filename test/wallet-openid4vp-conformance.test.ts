import { createHash } from 'node:crypto';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { trustListAuthorityType } from '@min-profil/shared/trust-list/trusted-authority-type';
import { api } from '../wallet/test/wallet-api.js';
import { startOid4vcTsWorld, type Oid4vcTsWorld } from './interop/oid4vc-ts-world.js';

/**
 * OpenID4VP 1.0 rules the wallet keeps when a verifier asks (issue #15, "Wallet"): requests are
 * written by oid4vc-ts's verifier (listed in the trust list like any verifier), the credential
 * comes from oid4vc-ts's world.issuer.
 */
const pnr = '191212121212';
const trustListUri = 'https://trust.example/min-profil-list.jwt';

describe.each(testDatabaseKinds())('the wallet keeps OpenID4VP 1.0 request rules on %s', (kind) => {
  let world: Oid4vcTsWorld;

  beforeAll(async () => {
    world = await startOid4vcTsWorld({
      kind,
      pnr,
      claims: { given_name: 'Tolvan', family_name: 'Tolvansson', personal_identity_number: pnr },
      registeredClaims: ['given_name', 'family_name'],
      walletSettings: { trustListUri },
    });
    expect((await world.receive()).status).toBe(200);
  });
  afterAll(async () => {
    await world?.stop();
  });

  const query = (extra: Record<string, unknown> = {}) => ({
    credentials: [
      {
        id: 'membership',
        format: 'dc+sd-jwt',
        meta: { vct_values: [world.issuer.vct] },
        claims: [{ path: ['given_name'] }],
        ...extra,
      },
    ],
  });
  const show = (link: string) =>
    api(world.wallet.baseUrl, world.person, 'POST', '/api/presentation-requests', { request: link });

  it.each(['direct_post', 'direct_post.jwt'] as const)(
    'refuses a %s request that also carries redirect_uri with invalid_request (section 8.2)',
    async (mode) => {
      const link = await world.verifier.request(query(), mode, {
        redirect_uri: `${world.verifier.baseUrl}/done`,
      });
      const shown = await show(link);
      expect(shown.status).toBe(400);
      expect(shown.body.error).toBe('invalid_request');
      expect(shown.body.error_description).toMatch(/redirect_uri/);
    },
  );

  it('refuses a request_uri_method other than get or post with invalid_request_uri_method, fetching nothing', async () => {
    const link = await world.verifier.request(query(), 'direct_post');
    const fetchedBefore = world.verifier.requestObjectsServed;
    const shown = await show(`${link}&request_uri_method=PUT`);
    expect(shown.status).toBe(400);
    expect(shown.body.error).toBe('invalid_request_uri_method');
    expect(world.verifier.requestObjectsServed).toBe(fetchedBefore);
    // `post` is still answered (an empty POST, section 5.10).
    const posted = await show(
      `${await world.verifier.request(query(), 'direct_post')}&request_uri_method=post`,
    );
    expect(posted.status).toBe(201);
  });

  it('refuses transaction_data for a credential query without holder binding (B.3.3) and tells the verifier', async () => {
    const entry = {
      type: 'min-profil/document-approval',
      credential_ids: ['membership'],
      request_id: 'renewal-1',
      title: 'Membership renewal',
      media_type: 'application/json',
      document_uri: world.verifier.document.uri,
      document_hash: createHash('sha256').update(world.verifier.document.bytes).digest('base64url'),
      document_hash_alg: 'sha-256',
    };
    const transactionData = [Buffer.from(JSON.stringify(entry)).toString('base64url')];
    const unbound = await world.verifier.request(
      query({ require_cryptographic_holder_binding: false }),
      'direct_post',
      {
        transaction_data: transactionData,
      },
    );
    const refused = await show(unbound);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: 'invalid_transaction_data',
      reason: 'holder_binding_not_required',
    });
    expect(world.verifier.outcomes.at(-1)).toMatchObject({ error: 'invalid_transaction_data' });
    // The same entry for a query that requires holder binding is shown for approval.
    const bound = await show(
      await world.verifier.request(query(), 'direct_post', { transaction_data: transactionData }),
    );
    expect(bound.status).toBe(201);
  });

  describe('matches trusted_authorities (section 6.1.1)', () => {
    const matches = async (authorities: unknown[]) => {
      const shown = await show(
        await world.verifier.request(query({ trusted_authorities: authorities }), 'direct_post'),
      );
      expect(shown.status).toBe(201);
      return shown.body.credential_queries[0].matches.length as number;
    };

    it(`our trust list (${trustListAuthorityType}): matches an issuer on the list this wallet uses, not another list`, async () => {
      expect(await matches([{ type: trustListAuthorityType, values: [trustListUri] }])).toBe(1);
      expect(
        await matches([{ type: trustListAuthorityType, values: ['https://other.example/list.jwt'] }]),
      ).toBe(0);
    });

    it('etsi_tl: not evaluated, so not matching (this wallet reads no ETSI TS 119 612 list)', async () => {
      expect(await matches([{ type: 'etsi_tl', values: [trustListUri] }])).toBe(0);
      // One authority it can evaluate is enough.
      expect(
        await matches([
          { type: 'etsi_tl', values: ['https://tl.example/lotl.xml'] },
          { type: trustListAuthorityType, values: [trustListUri] },
        ]),
      ).toBe(1);
    });

    it('aki: a credential without an x5c chain does not match', async () => {
      expect(await matches([{ type: 'aki', values: ['YseURyi9D6IWIKeawkmURPEB08c'] }])).toBe(0);
    });
  });
});
