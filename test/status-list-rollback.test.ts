import { decodeJwt, type JWK } from 'jose';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { STATUS_INVALID } from '@min-profil/shared/status-list/status-values';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { getJson, postJson } from '../issuer/test/wallet-client.js';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';
import { obtainCredential } from './verifier-helpers.js';

/**
 * Rollback protection for status lists, as for the trust list (docs/trust-list.md): once the
 * verifier has seen a status list token, an older one for the same list — captured before a
 * revocation and replayed by whoever sits on the path, or served by a stale cache — is refused,
 * so it cannot make a revoked credential valid again. The tokens are the real issuer's; only
 * the transport is the replaying attacker's.
 */
const tolvan = '191212121212';

describe.each(testDatabaseKinds())('the verifier against a replayed older status list, on %s', (kind) => {
  let issuer: RunningIssuer;
  let verifier: RunningVerifier;
  beforeAll(async () => {
    issuer = await startIssuer(kind);
    verifier = await startVerifier(kind, { trustList: createMutableTrustList() });
  });
  afterAll(async () => {
    await verifier?.stop();
    await issuer?.stop();
  });

  it('refuses a status list token older than one it has seen, so a replay cannot undo a revocation', async () => {
    const { credential } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const { idx, uri } = (
      decodeSdJwtVc(credential).payload.status as { status_list: { idx: number; uri: string } }
    ).status_list;
    const before = await (await fetch(uri)).text();
    const beforeIat = decodeJwt(before).iat!;

    // The revocation must land in a later second than the token captured before it (iat is in seconds).
    const deadline = Date.now() + 10_000;
    while (Math.floor(Date.now() / 1000) <= beforeIat) {
      if (Date.now() > deadline) throw new Error('the clock did not move on');
      await new Promise((r) => setTimeout(r, 50));
    }
    const listed = await getJson(
      `${issuer.baseUrl}/af/admin/credentials?personal_identity_number=${tolvan}`,
      {
        authorization: `Bearer ${issuer.apiKey}`,
      },
    );
    const entry = listed.body.credentials.find(
      (c: { status_list: { idx: number } }) => c.status_list.idx === idx,
    );
    const change = await postJson(
      `${issuer.baseUrl}/af/admin/credentials/${entry.id}/status`,
      { status: 'revoked' },
      { authorization: `Bearer ${issuer.apiKey}` },
    );
    expect(change.status).toBe(200);
    const after = await (await fetch(uri)).text();
    expect(decodeJwt(after).iat).toBeGreaterThan(beforeIat);

    // The issuer's status-list key, from its JWT VC issuer metadata.
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/af`);
    const resolveKey = async ({ header }: { header: Record<string, unknown> }) =>
      metadata.body.jwks.keys.find((k: JWK) => k.kid === header.kid) as JWK;

    const cache = verifier.ctx.statusLists;
    expect(await cache.getStatus({ uri, idx, fetchJwt: async () => after, resolveKey })).toBe(STATUS_INVALID);
    cache.invalidate(uri); // as when its ttl runs out
    await expect(
      cache.getStatus({ uri, idx, fetchJwt: async () => before, resolveKey }),
    ).rejects.toMatchObject({
      code: 'rollback',
      message: `the status list token was issued before one already seen (iat ${beforeIat} < ${decodeJwt(after).iat})`,
    });
  });
});
