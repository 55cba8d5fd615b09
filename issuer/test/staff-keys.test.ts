import { join } from 'node:path';
import { runMainUntilExit } from '@min-profil/shared/testing/run-main';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import {
  createHolderKey,
  createOffer,
  createProof,
  fetchNonce,
  getJson,
  postJson,
  redeemOffer,
} from './wallet-client.js';

const tolvan = '191212121212';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe.each(testDatabaseKinds())('per-holder staff keys on %s', (kind) => {
  let issuer: RunningIssuer;
  let skatteverketCredentialId: string;
  beforeAll(async () => {
    issuer = await startIssuer(kind);
    // Skatteverket issues one credential, so there is something to list and revoke.
    const { accessToken } = await redeemOffer({
      baseUrl: issuer.baseUrl,
      apiKey: issuer.staffKeys.skatteverket,
      holder: 'skatteverket',
      pnr: tolvan,
      configurationIds: ['registered_address'],
    });
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/skatteverket`,
      nonce: await fetchNonce(issuer.baseUrl, 'skatteverket'),
    });
    const issued = await postJson(
      `${issuer.baseUrl}/skatteverket/credential`,
      { credential_configuration_id: 'registered_address', proofs: { jwt: [proof] } },
      bearer(accessToken),
    );
    expect(issued.status).toBe(200);
    const listed = await getJson(
      `${issuer.baseUrl}/skatteverket/admin/credentials`,
      bearer(issuer.staffKeys.skatteverket),
    );
    expect(listed.status).toBe(200);
    skatteverketCredentialId = listed.body.credentials[0].id;
  });
  afterAll(async () => {
    await issuer.stop();
  });

  const refusedForHolder = (holder: string) => ({
    error: 'insufficient_scope',
    error_description: expect.stringContaining(`'${holder}'`),
  });

  it("refuses Arbetsförmedlingen's staff key at Skatteverket: no list, no revocation, no offer", async () => {
    const afKey = bearer(issuer.staffKeys.af);
    const list = await getJson(
      `${issuer.baseUrl}/skatteverket/admin/credentials?personal_identity_number=${tolvan}`,
      afKey,
    );
    expect(list.status).toBe(403);
    expect(list.body).toEqual(refusedForHolder('skatteverket'));
    expect(list.body).not.toHaveProperty('credentials');

    const revoke = await postJson(
      `${issuer.baseUrl}/skatteverket/admin/credentials/${skatteverketCredentialId}/status`,
      { status: 'revoked' },
      afKey,
    );
    expect(revoke.status).toBe(403);
    expect(revoke.body).toEqual(refusedForHolder('skatteverket'));

    const offer = await createOffer(issuer.baseUrl, issuer.staffKeys.af, 'skatteverket', {
      personal_identity_number: tolvan,
      credential_configuration_ids: ['registered_address'],
    });
    expect(offer.status).toBe(403);
    expect(offer.body).toEqual(refusedForHolder('skatteverket'));

    // Nothing changed at Skatteverket; its own key still sees the credential as valid.
    const own = await getJson(
      `${issuer.baseUrl}/skatteverket/admin/credentials`,
      bearer(issuer.staffKeys.skatteverket),
    );
    expect(own.body.credentials).toEqual([
      expect.objectContaining({ id: skatteverketCredentialId, status: 'valid' }),
    ]);
    // …and af's key works at af.
    expect((await getJson(`${issuer.baseUrl}/af/admin/credentials`, afKey)).status).toBe(200);
  });

  it('answers an unknown key with invalid_token (RFC 6750 §3.1)', async () => {
    const response = await getJson(`${issuer.baseUrl}/af/admin/credentials`, bearer('x'.repeat(40)));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_token');
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it("refuses key rotation with a holder's ordinary staff key and with the demo shorthand", async () => {
    for (const key of [issuer.staffKeys.af, issuer.apiKey]) {
      const response = await postJson(`${issuer.baseUrl}/af/admin/keys/rotate`, {}, bearer(key));
      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        error: 'insufficient_scope',
        error_description: "this staff key may not rotate the signing key of the data holder 'af'",
      });
    }
    expect(issuer.ctx.holders.get('af')!.keys.all).toHaveLength(1);
  });

  it("lets a rotation key rotate its own holder's key only, and do nothing else", async () => {
    const rotationKey = bearer(issuer.rotationKeys.af);
    const elsewhere = await postJson(`${issuer.baseUrl}/skatteverket/admin/keys/rotate`, {}, rotationKey);
    expect(elsewhere.status).toBe(403);
    const list = await getJson(`${issuer.baseUrl}/af/admin/credentials`, rotationKey);
    expect(list.status).toBe(403);
    expect(list.body.error).toBe('insufficient_scope');
    const rotated = await postJson(`${issuer.baseUrl}/af/admin/keys/rotate`, {}, rotationKey);
    expect(rotated.status).toBe(200);
    expect(rotated.body.kids).toHaveLength(2);
  });
});

describe('the issuer refuses to start with weak or mixed staff keys', () => {
  const main = join(import.meta.dirname, '..', 'dist', 'main.js');

  /** The real issuer main; it must exit on its own before it ever listens. */
  const runMain = (env: Record<string, string>) => runMainUntilExit(main, { ISSUER_PORT: '0', ...env });

  const short = 'k'.repeat(31);
  const long = (c: string) => c.repeat(32);

  it.each([
    [
      { ISSUER_API_KEYS: `af:${long('a')},skatteverket:${short}` },
      'issuer: ISSUER_API_KEYS: the key for skatteverket must be at least 32 characters',
    ],
    [
      { ISSUER_API_KEYS: `af:${long('a')}`, ISSUER_KEY_ROTATION_KEYS: `af:${short}` },
      'issuer: ISSUER_KEY_ROTATION_KEYS: the key for af must be at least 32 characters',
    ],
    [{ ISSUER_API_KEY: short }, 'issuer: ISSUER_API_KEY: the key must be at least 32 characters'],
    [
      { ISSUER_API_KEYS: `af:${long('a')}`, ISSUER_KEY_ROTATION_KEYS: `af:${long('a')}` },
      'issuer: ISSUER_KEY_ROTATION_KEYS: the key for af is also a staff key; give key rotation its own key',
    ],
    [
      { ISSUER_API_KEYS: `af:${long('a')}`, ISSUER_API_KEY: long('b') },
      'issuer: ISSUER_API_KEY: set either ISSUER_API_KEYS (per holder) or the demo shorthand ISSUER_API_KEY, not both',
    ],
  ])(
    'refuses %j with one line and exit code 1',
    async (env, line) => {
      const result = await runMain(env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`${line}\n`);
      expect(result.stdout).toBe('');
    },
    40_000,
  );
});
