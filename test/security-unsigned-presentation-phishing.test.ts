import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

/**
 * Presentation phishing: a crafted `openid4vp://` link whose asker the wallet cannot identify —
 * unsigned (`redirect_uri:` client identifier prefix) or signed with a throwaway did:jwk — names
 * an attacker's `response_uri`. The real wallet shows the request with the reason it will not
 * answer, and the attacker's real server receives no credential, no refusal, nothing posted.
 */
interface Attacker {
  url: string;
  /** Every request that reached it, as "METHOD /path". */
  hits: string[];
  /** Serves a request object at /request/<name>. */
  serve(name: string, jwt: string): void;
  close(): Promise<void>;
}

async function startAttacker(): Promise<Attacker> {
  const hits: string[] = [];
  const served = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const object = served.get(req.url ?? '');
    if (object) res.setHeader('content-type', 'application/oauth-authz-req+jwt');
    res.end(object ?? 'thanks');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    serve: (name, jwt) => void served.set(`/request/${name}`, jwt),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const tolvan = '191212121212';

describe.each(testDatabaseKinds())('a crafted link from an unidentified asker on %s', (kind) => {
  let world: WalletWorld;
  let attacker: Attacker;
  let person: WalletSession;
  let wallet: string;
  let dcql: unknown;

  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    attacker = await startAttacker();
    person = await tokenSession(wallet, tolvan);
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const received = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
    });
    await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    dcql = {
      credentials: [
        {
          id: 'certificate',
          format: 'dc+sd-jwt',
          meta: { vct_values: [`${world.issuer.baseUrl}/af/vct/registration-certificate`] },
          claims: [{ path: ['given_name'] }, { path: ['family_name'] }],
        },
      ],
    };
  });
  afterAll(async () => {
    await attacker?.close();
    await world?.stop();
  });

  const posted = () => attacker.hits.filter((hit) => hit.startsWith('POST'));

  it('shows an unsigned request with the reason, offers nothing and posts nothing', async () => {
    const collect = `${attacker.url}/collect`;
    const link = `openid4vp://?${new URLSearchParams({
      client_id: `redirect_uri:${collect}`,
      response_type: 'vp_token',
      response_mode: 'direct_post',
      response_uri: collect,
      nonce: randomBytes(16).toString('base64url'),
      state: randomBytes(16).toString('base64url'),
      dcql_query: JSON.stringify(dcql),
      client_metadata: JSON.stringify({ client_name: 'Försäkringskassan' }),
    })}`;
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.status).toBe(201);
    expect(shown.body.verifier).toMatchObject({ client_id_prefix: 'redirect_uri', verified: false });
    expect(shown.body.can_answer).toBe(false);
    expect(shown.body.refusal).toMatchObject({ error: 'invalid_request', reason: 'unsigned_request' });
    expect(shown.body.refusal.message.sv).toMatch(/inte signerad.*Ingenting har skickats/s);
    expect(shown.body.refusal.message.en).toMatch(/not signed/);

    for (const decision of ['approve', 'decline']) {
      const answered = await api(
        wallet,
        person,
        'POST',
        `/api/presentation-requests/${shown.body.id}/response`,
        { decision },
      );
      expect(answered.status).toBe(400);
      expect(answered.body).toMatchObject({ error: 'invalid_request', reason: 'unsigned_request' });
    }
    // The answers above are synchronous: had anything been posted, it would be here by now.
    expect(posted()).toEqual([]);
    expect(attacker.hits).toEqual([]);
  });

  it('treats a request signed with a throwaway did:jwk the same way', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { kty, crv, x, y } = await exportJWK(publicKey);
    const did = `did:jwk:${Buffer.from(JSON.stringify({ kty, crv, x, y })).toString('base64url')}`;
    const clientId = `decentralized_identifier:${did}`;
    const jwt = await new SignJWT({
      client_id: clientId,
      response_type: 'vp_token',
      response_mode: 'direct_post',
      response_uri: `${attacker.url}/collect`,
      nonce: randomBytes(16).toString('base64url'),
      state: randomBytes(16).toString('base64url'),
      dcql_query: dcql,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', kid: `${did}#0` })
      .setIssuedAt()
      .sign(privateKey);
    attacker.serve('jwk', jwt);
    const link = `openid4vp://?${new URLSearchParams({ client_id: clientId, request_uri: `${attacker.url}/request/jwk` })}`;
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.status).toBe(201);
    // The signature checks out against the DID's own key, which names no one.
    expect(shown.body.verifier).toMatchObject({ verified: true, registered: false });
    expect(shown.body.refusal).toMatchObject({ error: 'invalid_request', reason: 'self_certifying_client' });
    expect(shown.body.can_answer).toBe(false);
    const answered = await api(
      wallet,
      person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'approve',
      },
    );
    expect(answered.status).toBe(400);
    expect(attacker.hits).toEqual(['GET /request/jwk']);
    expect(posted()).toEqual([]);
  });

  it('refuses a link with a request object but no client_id before fetching anything (RFC 9101 §5)', async () => {
    const before = attacker.hits.length;
    const link = `openid4vp://?${new URLSearchParams({ request_uri: `${attacker.url}/request/jwk` })}`;
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', { request: link });
    expect(shown.status).toBe(400);
    expect(shown.body.error).toBe('invalid_request');
    expect(shown.body.error_description).toMatch(/client_id/);
    expect(attacker.hits.length).toBe(before);
  });
});
