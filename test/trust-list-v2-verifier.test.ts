import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK } from 'jose';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { signTrustList } from '@min-profil/shared/trust-list/sign-trust-list';
import { createFileTrustListSource } from '@min-profil/shared/trust-list/trust-list-source';
import { createFileTrustListStateStore } from '@min-profil/shared/trust-list/trust-list-state';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { getJson } from '../issuer/test/wallet-client.js';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { startVerifier, type RunningVerifier } from '../verifier/test/start-verifier.js';
import {
  createPresentationRequest,
  holderIds,
  obtainCredential,
  readPresentationResult,
} from './verifier-helpers.js';

/**
 * The verifier reads a signed version 2 trust list from a real file (docs/trust-list.md). When the
 * list in force passes its next_update and no newer one is published, it verifies nothing against
 * the stale list: the response endpoint answers 503 `temporarily_unavailable` without consuming
 * the request, and the same response is verified once a fresh list is in force.
 */
const tolvan = '191212121212';
const hour = 3600_000;

describe.each(testDatabaseKinds())('a verifier whose trust list goes stale, on %s', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'min-profil-verifier-trust-list-'));
  const file = join(dir, 'trust-list.jwt');
  const operator = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // The trust list's own clock, moved forward past next_update (the rest of the verifier keeps real time).
  let offset = 0;
  let issuer: RunningIssuer;
  let verifier: RunningVerifier;
  let base: Omit<Parameters<typeof buildTrustList>[0], 'sequence'>;

  async function publish(list: TrustList): Promise<void> {
    const jws = await signTrustList({ trustList: list, privateKey: operator.privateKey, kid: 'op-1' });
    writeFileSync(`${file}.tmp`, jws);
    renameSync(`${file}.tmp`, file);
  }

  beforeAll(async () => {
    issuer = await startIssuer(kind);
    verifier = await startVerifier(kind, {
      trustList: createFileTrustListSource({
        file,
        operatorJwk: { ...(await exportJWK(operator.publicKey)), kid: 'op-1' },
        state: createFileTrustListStateStore(join(dir, 'verifier-trust-list-state.json')),
        now: () => Date.now() + offset,
      }),
    });
    verifier.ctx.settings.issuerBaseUrl = issuer.baseUrl;
    const issuers = await Promise.all(
      holderIds.map((id) => fetchTrustedIssuer({ id, credentialIssuer: `${issuer.baseUrl}/${id}` })),
    );
    const consumers = (await getJson(`${verifier.url}/api/consumers`)).body.consumers;
    base = { operator: 'test operator', issuers, consumers, registrations: demoRegistrations };
  });
  afterAll(async () => {
    await verifier?.stop();
    await issuer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 temporarily_unavailable to a presentation while its list is stale, and verifies it once a fresh list is published', async () => {
    const list = buildTrustList({ ...base, sequence: 1, nextUpdate: new Date(Date.now() + hour) });
    await publish(list);
    const { credential, holderKey } = await obtainCredential(issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const created = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: list,
    });
    const presentation = await presentCredential({
      credential,
      holderPrivateKey: holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
    });
    const answer = { vp_token: { registration: [presentation] }, state: request.state };

    offset = 2 * hour;
    expect(await postResponse(request.response_uri, answer)).toEqual({
      status: 503,
      body: {
        error: 'temporarily_unavailable',
        error_description:
          'the verifier has no current trust list to verify the presentation against: send it again later',
      },
    });
    expect((await readPresentationResult(verifier, 'insurer', created.body.id)).body.status).toBe('pending');

    await publish(
      buildTrustList({
        ...base,
        sequence: 2,
        issuedAt: new Date(Date.now() + offset),
        nextUpdate: new Date(Date.now() + offset + hour),
      }),
    );
    expect(await postResponse(request.response_uri, answer)).toEqual({
      status: 200,
      body: { consent_record: { record: expect.any(String), capability: expect.any(String) } },
    });
    expect((await readPresentationResult(verifier, 'insurer', created.body.id)).body.status).toBe('verified');
  });
});
