import { createHash } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import { createHolderKey, createProof, fetchNonce, getJson, postJson, redeemOffer } from './wallet-client.js';

const tolvan = '191212121212';

describe.each(testDatabaseKinds())('revocation and deferred issuance on %s', (kind) => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind);
  });
  afterAll(async () => {
    await issuer.stop();
  });
  const staff = () => ({ authorization: `Bearer ${issuer.apiKey}` });

  async function issueCertificate(): Promise<{ credential: string; accessToken: string }> {
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'af',
      pnr: tolvan,
      configurationIds: ['registration_certificate'],
    });
    const nonce = await fetchNonce(issuer.baseUrl, 'af');
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/af`,
      nonce,
    });
    const response = await postJson(
      `${issuer.baseUrl}/af/credential`,
      { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(response.status).toBe(200);
    return { credential: response.body.credentials[0].credential, accessToken };
  }

  /** Reads the status of an SD-JWT VC the way any relying party would: with sd-jwt-js's own reader. */
  async function statusOf(credential: string): Promise<number> {
    const payload = JSON.parse(Buffer.from(credential.split('~')[0].split('.')[1], 'base64url').toString());
    const { idx, uri } = payload.status.status_list;
    const response = await fetch(uri);
    expect(response.headers.get('content-type')).toMatch(/^application\/statuslist\+jwt/);
    return getListFromStatusListJWT(await response.text()).getStatus(idx);
  }

  it('verifies with the independent sd-jwt-js library given only the published issuer key', async () => {
    const { credential } = await issueCertificate();
    const metadata = await getJson(`${issuer.baseUrl}/.well-known/jwt-vc-issuer/af`);
    const key = await importJWK(metadata.body.jwks.keys[0] as JWK, 'ES256');
    const { compactVerify } = await import('jose');
    const sdjwt = new SDJwtVcInstance({
      hasher: async (data: string | ArrayBuffer) =>
        new Uint8Array(
          createHash('sha256')
            .update(typeof data === 'string' ? data : Buffer.from(data))
            .digest(),
        ),
      verifier: async (data: string, signature: string) => {
        const [header, payload] = data.split('.');
        try {
          await compactVerify(`${header}.${payload}.${signature}`, key);
          return true;
        } catch {
          return false;
        }
      },
      statusListFetcher: async (uri: string) => (await fetch(uri)).text(),
      statusValidator: async (status: number) => {
        if (status !== 0) throw new Error('status is not valid');
      },
    });
    const result = await sdjwt.verify(credential);
    expect(result.payload).toMatchObject({
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
      personal_identity_number: tolvan,
    });
  });

  it('shows a revocation on the status list at once, and a suspension that can be lifted', async () => {
    const { credential } = await issueCertificate();
    expect(await statusOf(credential)).toBe(0);
    const listed = await getJson(
      `${issuer.baseUrl}/af/admin/credentials?personal_identity_number=19121212-1212`,
      staff(),
    );
    expect(listed.status).toBe(200);
    // Staff find the credential by what the audit holds: type, time and status index.
    const { idx } = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString()).status
      .status_list;
    const newest = listed.body.credentials.find(
      (c: { status_list: { idx: number } }) => c.status_list.idx === idx,
    );
    expect(newest).toMatchObject({
      credential_configuration_id: 'registration_certificate',
      status: 'valid',
    });

    const suspend = await postJson(
      `${issuer.baseUrl}/af/admin/credentials/${newest.id}/status`,
      { status: 'suspended' },
      staff(),
    );
    expect(suspend.status).toBe(200);
    expect(await statusOf(credential)).toBe(2);
    await postJson(
      `${issuer.baseUrl}/af/admin/credentials/${newest.id}/status`,
      { status: 'valid' },
      staff(),
    );
    expect(await statusOf(credential)).toBe(0);

    const revoke = await postJson(
      `${issuer.baseUrl}/af/admin/credentials/${newest.id}/status`,
      { status: 'revoked' },
      staff(),
    );
    expect(revoke.body.status).toBe('revoked');
    expect(await statusOf(credential)).toBe(1);
    const undo = await postJson(
      `${issuer.baseUrl}/af/admin/credentials/${newest.id}/status`,
      { status: 'valid' },
      staff(),
    );
    expect(undo.status).toBe(400);
    expect(await statusOf(credential)).toBe(1);
  });

  it('pages through the audit without skipping or repeating, also within one second', async () => {
    for (let i = 0; i < 5; i++) await issueCertificate();
    const all = await getJson(
      `${issuer.baseUrl}/af/admin/credentials?personal_identity_number=19121212-1212&limit=1000`,
      staff(),
    );
    expect(all.body.next_cursor).toBeUndefined();
    const everyId = all.body.credentials.map((c: { id: string }) => c.id);
    expect(everyId.length).toBeGreaterThanOrEqual(5);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await getJson(
        `${issuer.baseUrl}/af/admin/credentials?personal_identity_number=19121212-1212&limit=2${
          cursor ? `&cursor=${cursor}` : ''
        }`,
        staff(),
      );
      expect(page.status).toBe(200);
      expect(page.body.credentials.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.credentials.map((c: { id: string }) => c.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(paged).toEqual(everyId);
    const bad = await getJson(`${issuer.baseUrl}/af/admin/credentials?cursor=x&limit=0`, staff());
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_request');
  });

  it('publishes a signed statuslist+jwt of at least 100,000 entries with a ttl', async () => {
    const { credential } = await issueCertificate();
    const payload = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString());
    const jwt = await (await fetch(payload.status.status_list.uri)).text();
    const [header, body] = jwt
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toMatchObject({ typ: 'statuslist+jwt', alg: 'ES256' });
    expect(body.sub).toBe(payload.status.status_list.uri);
    expect(body.ttl).toBeGreaterThan(0);
    const list = getListFromStatusListJWT(jwt);
    expect(list.getBitsPerStatus()).toBe(2);
    expect(() => list.getStatus(99_999)).not.toThrow();
  });

  it('refuses the admin endpoints without the staff key', async () => {
    const response = await getJson(`${issuer.baseUrl}/af/admin/credentials`);
    expect(response.status).toBe(401);
  });

  it('defers issuance while the register answers slowly and delivers once it has answered', async () => {
    const pnr = '200503152381';
    const record = await issuer.ctx.registerStore.find('skola', pnr, 'diploma');
    await issuer.ctx.registerStore.upsert({ ...record!, readyAt: issuer.ctx.now() + 3600 });

    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'skola',
      pnr,
      configurationIds: ['upper_secondary_diploma'],
    });
    const auth = { authorization: `Bearer ${accessToken}` };
    const nonce = await fetchNonce(issuer.baseUrl, 'skola');
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/skola`,
      nonce,
    });
    const deferred = await postJson(
      `${issuer.baseUrl}/skola/credential`,
      { credential_configuration_id: 'upper_secondary_diploma', proofs: { jwt: [proof] } },
      auth,
    );
    expect(deferred.status).toBe(202);
    expect(deferred.body.interval).toBeGreaterThan(0);
    const transactionId = deferred.body.transaction_id as string;

    const stillPending = await postJson(
      `${issuer.baseUrl}/skola/deferred_credential`,
      { transaction_id: transactionId },
      auth,
    );
    expect(stillPending.status).toBe(202);
    expect(stillPending.body.transaction_id).toBe(transactionId);

    await issuer.ctx.registerStore.upsert({ ...record!, readyAt: null });
    const ready = await postJson(
      `${issuer.baseUrl}/skola/deferred_credential`,
      { transaction_id: transactionId },
      auth,
    );
    expect(ready.status).toBe(200);
    expect(ready.body.credentials).toHaveLength(1);

    const again = await postJson(
      `${issuer.baseUrl}/skola/deferred_credential`,
      { transaction_id: transactionId },
      auth,
    );
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_transaction_id');
  });

  it('denies a credential the register does not hold for the person', async () => {
    // The register had a record when the offer was made, and has since removed it.
    const karin = '197011082232';
    const diploma = await issuer.ctx.registerStore.find('skola', '200503152381', 'diploma');
    await issuer.ctx.registerStore.upsert({ ...diploma!, identityNumber: karin });
    const { accessToken } = await redeemOffer({
      ...issuer,
      holder: 'skola',
      pnr: karin,
      configurationIds: ['upper_secondary_diploma'],
    });
    await issuer.ctx.db.dataSource.query(
      `DELETE FROM register_record WHERE holder_id = 'skola' AND identity_number = '${karin}'`,
    );
    const nonce = await fetchNonce(issuer.baseUrl, 'skola');
    const proof = await createProof({
      key: await createHolderKey(),
      audience: `${issuer.baseUrl}/skola`,
      nonce,
    });
    const response = await postJson(
      `${issuer.baseUrl}/skola/credential`,
      { credential_configuration_id: 'upper_secondary_diploma', proofs: { jwt: [proof] } },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('credential_request_denied');
  });
});
