import { createHash, randomBytes } from 'node:crypto';
import { CompactEncrypt, compactVerify, exportJWK, importJWK, type JWK } from 'jose';
import { Resolver, type DIDDocument, type DIDResolver } from 'did-resolver';
import { setGlobalConfig, type CallbackContext, type Jwk } from '@openid4vc/oauth2';
import { Openid4vpClient, type Openid4vpAuthorizationRequest } from '@openid4vc/openid4vp';
import { DcqlQuery, type DcqlCredential } from 'dcql';
import { ES256, digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { caTrustAnchor, initCa, issueLeaf } from '@min-profil/shared/pki/ca-commands';
import { caPublicationRouter } from '@min-profil/shared/pki/ca-publication';
import { httpCrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import { validateX5cChain, type X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import { certificateFromBase64, x509 } from '@min-profil/shared/pki/x509-provider';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { memoryAccessCertificates } from '../../verifier/src/consumers/access-certificates.js';
import { getJson } from '../../issuer/test/wallet-client.js';
import { postResponse } from '../../verifier/test/test-wallet.js';
import {
  createPresentationRequest,
  obtainCredential,
  readPresentationResult,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from '../verifier-helpers.js';

/**
 * Our verifier ← a holder assembled from the OpenWallet Foundation libraries, as a wallet built
 * on them (Credo and the wallets on it) would be: `@openid4vc/openid4vp` resolves the signed
 * request object and writes the response, `dcql` picks the credential, `@sd-jwt/sd-jwt-vc`
 * presents it with a KB-JWT. The credential comes from our issuer (pre-authorized flow), the
 * way a person's wallet holds it. Only the callbacks the libraries ask for are ours.
 */

/**
 * did:web as a wallet resolves it (W3C did:web §3.2), over http for the loopback test servers
 * only; oid4vc-ts resolves no DID by itself.
 */
const didWeb: DIDResolver = async (did) => {
  const [host, ...path] = did.split(':').slice(2).map(decodeURIComponent);
  const scheme = host!.startsWith('127.0.0.1:') ? 'http' : 'https';
  const url = `${scheme}://${host}${path.length ? `/${path.join('/')}/did.json` : '/.well-known/did.json'}`;
  const response = await fetch(url);
  if (!response.ok) {
    return { didResolutionMetadata: { error: 'notFound' }, didDocument: null, didDocumentMetadata: {} };
  }
  return {
    didResolutionMetadata: {},
    didDocument: (await response.json()) as DIDDocument,
    didDocumentMetadata: {},
  };
};
const resolver = new Resolver({ web: didWeb });

/** The CAs this holder trusts for verifiers' access certificates (its own trust configuration). */
let x509Anchors: X509TrustAnchor[] = [];

/** `x5c` (x509_hash, x509_san_dns): the chain to a trusted CA, not revoked, then the leaf's signature. */
async function verifyX5cSigned(x5c: string[], compact: string) {
  try {
    const { publicJwk } = await validateX5cChain(x5c, x509Anchors, { crlFetcher: httpCrlFetcher() });
    await compactVerify(compact, await importJWK(publicJwk as JWK, 'ES256'));
    return { verified: true as const, signerJwk: publicJwk as Jwk };
  } catch {
    return { verified: false as const };
  }
}

const callbacks: Omit<CallbackContext, 'generateRandom' | 'clientAuthentication'> = {
  fetch,
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  verifyJwt: async (signer, jwt) => {
    if (signer.method === 'x5c') return verifyX5cSigned(signer.x5c, jwt.compact);
    if (signer.method !== 'did') return { verified: false };
    const { didDocument } = await resolver.resolve(signer.didUrl);
    const method = didDocument?.verificationMethod?.find(
      (vm) => vm.id === signer.didUrl || `${didDocument.id}${vm.id}` === signer.didUrl,
    );
    if (!method?.publicKeyJwk) return { verified: false };
    try {
      await compactVerify(jwt.compact, await importJWK(method.publicKeyJwk as JWK, signer.alg));
      return { verified: true, signerJwk: method.publicKeyJwk as Jwk };
    } catch {
      return { verified: false };
    }
  },
  encryptJwe: async (encryptor, data) => {
    const jwk = encryptor.publicJwk as JWK;
    const jwe = await new CompactEncrypt(new TextEncoder().encode(data))
      .setProtectedHeader({
        alg: encryptor.alg,
        enc: encryptor.enc,
        ...(jwk.kid ? { kid: jwk.kid } : {}),
      })
      .setKeyManagementParameters({
        ...(encryptor.apu ? { apu: Buffer.from(encryptor.apu, 'base64url') } : {}),
        ...(encryptor.apv ? { apv: Buffer.from(encryptor.apv, 'base64url') } : {}),
      })
      .encrypt(await importJWK(jwk, encryptor.alg));
    return { jwe, encryptionJwk: encryptor.publicJwk };
  },
  signJwt: async () => {
    throw new Error('this holder signs nothing through oid4vc-ts');
  },
  decryptJwe: async () => ({ decrypted: false }),
  // oid4vc-ts asks for the SAN names of the x5c leaf with any X.509 client identifier prefix.
  getX509CertificateMetadata: (certificate) => {
    const names = certificateFromBase64(certificate).getExtension(x509.SubjectAlternativeNameExtension)?.names
      .items;
    return {
      sanDnsNames: (names ?? []).filter((n) => n.type === 'dns').map((n) => n.value),
      sanUriNames: (names ?? []).filter((n) => n.type === 'url').map((n) => n.value),
    };
  },
};

const tolvan = '191212121212';
const kind = testDatabaseKinds()[0]!;

describe('@openid4vc/openid4vp holder → our verifier', () => {
  let world: VerifierWorld;
  let held: IssuedCredential;
  let caDir: string;
  let caServer: Server;
  beforeAll(async () => {
    // Process-wide in oid4vc-ts: the test servers are http on loopback. Reset in afterAll.
    setGlobalConfig({ allowInsecureUrls: true });
    // The demo CA's code on a temporary folder, its CRL over HTTP: the university's access certificate.
    caDir = mkdtempSync(join(tmpdir(), 'interop-ca-'));
    caServer = express().use('/ca', caPublicationRouter(caDir)).listen(0, '127.0.0.1');
    await new Promise((resolve) => caServer.once('listening', resolve));
    await initCa({
      dir: caDir,
      crlUri: `http://127.0.0.1:${(caServer.address() as AddressInfo).port}/ca/crl`,
    });
    x509Anchors = [caTrustAnchor(caDir)];
    const accessCertificates = memoryAccessCertificates();
    world = await startVerifierWorld(kind, {
      clientIdPrefixes: { university: 'x509_hash' },
      accessCertificates,
    });
    const { kty, crv, x, y } = world.verifier.ctx.consumers.get('university')!.keys.signingJwk;
    const issued = await issueLeaf({
      dir: caDir,
      subject: { role: 'verifier', name: 'Norrlands universitet', host: '127.0.0.1' },
      publicJwk: { kty, crv, x, y },
    });
    accessCertificates.set('university', issued.x5c);
    held = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
  });
  afterAll(async () => {
    setGlobalConfig({ allowInsecureUrls: false });
    await world?.stop();
    caServer?.close();
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  });

  /** The holder's choice (DCQL) and presentations (sd-jwt-js), each KB-JWT for `audience`. */
  async function buildVpToken(
    resolved: Awaited<ReturnType<Openid4vpClient['resolveOpenId4vpAuthorizationRequest']>>,
    audience: string,
  ) {
    const sdJwt = new SDJwtVcInstance({
      hasher: digest,
      hashAlg: 'sha-256',
      kbSigner: await ES256.getSigner(await exportJWK(held.holderKey.privateKey)),
      kbSignAlg: 'ES256',
    });
    const decoded = await sdJwt.decode(held.credential);
    const claims = await decoded.getClaims<Record<string, unknown>>(digest);
    const query = DcqlQuery.parse(resolved.dcql!.query as DcqlQuery.Input);
    DcqlQuery.validate(query);
    const candidate = {
      credential_format: 'dc+sd-jwt',
      vct: claims.vct,
      claims,
      cryptographic_holder_binding: true,
    } as DcqlCredential;
    const match = DcqlQuery.query(query, [candidate]);
    expect(match.can_be_satisfied).toBe(true);

    const vpToken: Record<string, string[]> = {};
    for (const [queryId, result] of Object.entries(match.credential_matches)) {
      if (!result.success) continue;
      const disclosed = result.valid_credentials[0]!.claims;
      const frame = Object.fromEntries(
        Object.keys(
          (disclosed as { valid_claim_sets?: Array<{ output: Record<string, unknown> }> })
            .valid_claim_sets?.[0]?.output ?? {},
        ).map((name) => [name, true]),
      );
      // OpenID4VP 1.0 B.3: a KB-JWT only where the query asks for holder binding.
      const bound = query.credentials.find((c) => c.id === queryId)!.require_cryptographic_holder_binding;
      const kb = {
        payload: {
          iat: Math.floor(Date.now() / 1000),
          aud: audience,
          nonce: resolved.authorizationRequestPayload.nonce,
        },
      };
      vpToken[queryId] = [await sdJwt.present(held.credential, frame, bound ? { kb } : {})];
    }

    return vpToken;
  }

  /** The wallet's part: resolve the link, choose with DCQL, present with sd-jwt-js, answer. */
  async function answer(
    openid4vpUrl: string,
    expected: { prefix: string; signer: string } = { prefix: 'decentralized_identifier', signer: 'did' },
  ) {
    const client = new Openid4vpClient({ callbacks });
    const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: openid4vpUrl });
    const resolved = await client.resolveOpenId4vpAuthorizationRequest({
      authorizationRequestPayload: parsed.params,
    });
    // A request_uri request, not the Digital Credentials API: response_uri is there.
    const request = resolved.authorizationRequestPayload as Openid4vpAuthorizationRequest;
    expect(resolved.client).toMatchObject({ prefix: expected.prefix });
    expect(resolved.jar?.signer).toMatchObject({ method: expected.signer });

    const vpToken = await buildVpToken(resolved, request.client_id!);

    const response = await client.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: request,
      authorizationResponsePayload: { vp_token: vpToken },
      ...(request.response_mode === 'direct_post.jwt'
        ? {
            jarm: {
              // The library's name for the wallet's own nonce (`apu`), as Credo passes it.
              encryption: { nonce: randomBytes(16).toString('base64url') },
              serverMetadata: {
                authorization_signing_alg_values_supported: [],
                authorization_encryption_alg_values_supported: ['ECDH-ES'],
                authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'],
              },
            },
          }
        : {}),
    });
    const submitted = await client.submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: request,
      authorizationResponsePayload: response.authorizationResponsePayload,
      ...(response.jarm ? { jarm: response.jarm } : {}),
    });
    return { request, submitted, encrypted: response.jarm !== undefined };
  }

  it.each(['direct_post', 'direct_post.jwt'] as const)(
    'signed request object (decentralized_identifier, did:web), DCQL, SD-JWT VC with KB-JWT, %s',
    async (responseMode) => {
      const { verifier } = world;
      const created = await createPresentationRequest(verifier, 'insurer', {
        template: 'unemployment_claim',
        response_mode: responseMode,
      });
      expect(created.status).toBe(201);

      const { request, submitted, encrypted } = await answer(created.body.openid4vp_url);
      expect(request.response_mode).toBe(responseMode);
      expect(encrypted).toBe(responseMode === 'direct_post.jwt');
      expect(submitted.response.status).toBe(200);

      const result = await readPresentationResult(verifier, 'insurer', created.body.id);
      expect(result.body).toMatchObject({ status: 'verified' });
      expect(result.body.claims.registration[0]).toMatchObject({
        given_name: expect.any(String),
        family_name: expect.any(String),
        registered_since: expect.any(String),
      });
    },
  );

  it('DCQL query without holder binding (require_cryptographic_holder_binding: false), SD-JWT VC without KB-JWT, direct_post', async () => {
    const { verifier, issuer } = world;
    const created = await createPresentationRequest(verifier, 'insurer', {
      purpose: 'Inskrivning, utan bunden nyckel',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }],
            require_cryptographic_holder_binding: false,
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const { submitted } = await answer(created.body.openid4vp_url);
    expect(submitted.response.status).toBe(200);
    const result = await readPresentationResult(verifier, 'insurer', created.body.id);
    expect(result.body).toMatchObject({ status: 'verified' });
    expect(result.body.claims.registration[0]).toMatchObject({ given_name: expect.any(String) });
  });

  it('signed request object (x509_hash, access certificate in x5c), DCQL, SD-JWT VC with KB-JWT, direct_post.jwt', async () => {
    const { verifier, issuer } = world;
    const created = await createPresentationRequest(verifier, 'university', {
      purpose: 'Inskrivning',
      response_mode: 'direct_post.jwt',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [`${issuer.baseUrl}/af/vct/registration-certificate`] },
            claims: [{ path: ['given_name'] }],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.client_id).toMatch(/^x509_hash:[A-Za-z0-9_-]{43}$/);
    const { request, submitted, encrypted } = await answer(created.body.openid4vp_url, {
      prefix: 'x509_hash',
      signer: 'x5c',
    });
    expect(request.client_id).toBe(created.body.client_id);
    expect(encrypted).toBe(true);
    expect(submitted.response.status).toBe(200);
    const result = await readPresentationResult(verifier, 'university', created.body.id);
    expect(result.body).toMatchObject({ status: 'verified', client_id: created.body.client_id });
  });

  describe('the Digital Credentials API (OpenID4VP 1.0 Appendix A)', () => {
    const jarm = {
      encryption: { nonce: randomBytes(16).toString('base64url') },
      serverMetadata: {
        authorization_signing_alg_values_supported: [],
        authorization_encryption_alg_values_supported: ['ECDH-ES'],
        authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'],
      },
    };

    /**
     * The consumer's page: fetch what to hand to navigator.credentials.get; the holder (oid4vc-ts,
     * told the page's origin as a browser tells a platform wallet) answers; the page posts the
     * credential's data back from its origin (`postedFrom`).
     */
    async function throughTheBrowser(
      responseMode: 'dc_api' | 'dc_api.jwt',
      options: { pageOrigin: string; postedFrom?: string; audience?: string },
    ) {
      const { verifier } = world;
      const created = await createPresentationRequest(verifier, 'insurer', {
        template: 'unemployment_claim',
        response_mode: responseMode,
        expected_origins: [options.pageOrigin],
      });
      expect(created.status).toBe(201);
      expect(created.body.expected_origins).toEqual([options.pageOrigin]);
      const dc = await getJson(created.body.dc_api_request_uri);
      expect(dc.status).toBe(200);
      const [entry] = dc.body.digital.requests;
      expect(entry.protocol).toBe('openid4vp-v1-signed');

      const client = new Openid4vpClient({ callbacks });
      const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: entry.data });
      const resolved = await client.resolveOpenId4vpAuthorizationRequest({
        authorizationRequestPayload: parsed.params,
        origin: options.pageOrigin,
      });
      const request = resolved.authorizationRequestPayload as Openid4vpAuthorizationRequest;
      expect(request).toMatchObject({ response_mode: responseMode, expected_origins: [options.pageOrigin] });
      expect(request.response_uri).toBeUndefined();
      const vpToken = await buildVpToken(resolved, options.audience ?? `origin:${options.pageOrigin}`);
      const response = await client.createOpenid4vpAuthorizationResponse({
        authorizationRequestPayload: request,
        authorizationResponsePayload: { vp_token: vpToken },
        origin: options.pageOrigin,
        ...(responseMode === 'dc_api.jwt' ? { jarm } : {}),
      });
      const data = response.jarm
        ? { response: response.jarm.responseJwt }
        : response.authorizationResponsePayload;
      const posted = await fetch(`${verifier.url}/openid4vp/dc-api/responses/${created.body.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: options.postedFrom ?? options.pageOrigin },
        body: JSON.stringify(data),
      });
      return {
        created,
        posted: { status: posted.status, body: (await posted.json()) as Record<string, any> },
        encrypted: !!response.jarm,
      };
    }

    it.each(['dc_api', 'dc_api.jwt'] as const)(
      '%s: signed request by value with expected_origins, KB-JWT aud origin:<origin>, posted by the page',
      async (responseMode) => {
        const pageOrigin = new URL(world.verifier.url).origin;
        const { created, posted, encrypted } = await throughTheBrowser(responseMode, { pageOrigin });
        expect(encrypted).toBe(responseMode === 'dc_api.jwt');
        expect(posted).toEqual({ status: 200, body: { status: 'verified' } });
        const result = await readPresentationResult(world.verifier, 'insurer', created.body.id);
        expect(result.body.status).toBe('verified');
        expect(result.body.claims.registration[0]).toMatchObject({ family_name: 'Tolvansson' });
      },
    );

    it('refuses an answer posted from another origin, or with the client_id as audience; nothing stored', async () => {
      const pageOrigin = 'https://insurer.example';
      const elsewhere = await throughTheBrowser('dc_api.jwt', {
        pageOrigin,
        postedFrom: 'https://attacker.example',
      });
      expect(elsewhere.posted.status).toBe(400);
      expect(elsewhere.posted.body.error_description).toMatch(/not among the request's expected_origins/);
      // Nothing was consumed: the request is still pending.
      const pending = await readPresentationResult(world.verifier, 'insurer', elsewhere.created.body.id);
      expect(pending.body.status).toBe('pending');

      const wrongAudience = await throughTheBrowser('dc_api', {
        pageOrigin,
        audience: 'https://insurer.example',
      });
      expect(wrongAudience.posted.status).toBe(400);
      expect(wrongAudience.posted.body.failed_checks).toEqual(['audience']);
    });

    it('answers a dc_api request only through the API, and a direct_post request never through it', async () => {
      const { verifier } = world;
      const dcApi = await createPresentationRequest(verifier, 'insurer', {
        template: 'unemployment_claim',
        response_mode: 'dc_api',
        expected_origins: ['https://insurer.example'],
      });
      const atResponseUri = await postResponse(`${verifier.url}/openid4vp/responses/${dcApi.body.id}`, {
        vp_token: { registration: ['x'] },
        state: 'x',
      });
      expect(atResponseUri.status).toBe(400);
      expect(atResponseUri.body.error_description).toMatch(/answered through the Digital Credentials API/);
      const direct = await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' });
      expect((await getJson(`${verifier.url}/openid4vp/dc-api/requests/${direct.body.id}`)).status).toBe(404);
      const missingOrigins = await createPresentationRequest(verifier, 'insurer', {
        template: 'unemployment_claim',
        response_mode: 'dc_api',
      });
      expect(missingOrigins.status).toBe(400);
    });
  });
});
