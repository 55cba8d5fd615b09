import { createServer, type Server } from 'node:http';
import { randomBytes, X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { decodeJwt, exportJWK, generateKeyPair, type JWK } from 'jose';
import {
  authorizationCodeGrantIdentifier,
  Oauth2AuthorizationServer,
  Oauth2ErrorCodes,
  Oauth2ResourceServer,
  Oauth2ResourceUnauthorizedError,
  preAuthorizedCodeGrantIdentifier,
  SupportedAuthenticationScheme,
} from '@openid4vc/oauth2';
import { Openid4vciIssuer, Openid4vciVersion, type IssuerMetadataResult } from '@openid4vc/openid4vci';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { createDpopNonceBook } from './dpop-nonce-book.js';
import {
  answerOauthError,
  authorizationServerRouter,
  type RegisteredClient,
} from './oid4vc-ts-authorization-server.js';
import { joseCallbacks, publicJwkOf, requestLike } from './wallet-counterpart-callbacks.js';

const configurationId = 'membership_card';

/**
 * An OpenID4VCI 1.0 credential issuer with its own authorization server, assembled from the
 * oid4vc-ts server classes (`Openid4vciIssuer`, `Oauth2AuthorizationServer`,
 * `Oauth2ResourceServer`) as a deployment of them would be, configured as HAIP 1.0 asks: the
 * authorization code flow only through PAR with PKCE S256 and a wallet attestation
 * (`attest_jwt_client_auth`, at PAR and token), DPoP-bound tokens with server nonces for both
 * grants (oid4vc-ts-authorization-server.ts). The library parses and checks every request
 * (attestation and PoP, DPoP proofs, PKCE verifier, pre-authorized code and tx_code, access
 * token, proof JWT and its nonce) and writes every response; the SD-JWT VC comes from
 * `@sd-jwt/sd-jwt-vc`. Only the express routes and the session bookkeeping are ours.
 */
export async function startOid4vcTsIssuer(options: {
  claims: Record<string, unknown>;
  /** The subject of tokens: the fixed test person the authorization endpoint stands for. */
  testPerson?: string;
}) {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await publicJwkOf(signing.publicKey, 'issuer-key-1');
  /** The CAs whose wallet providers may attest clients (set by the test). */
  let walletCas: X509Certificate[] = [];
  let trustedCas: string[] = [];
  const callbacks = await joseCallbacks({
    privateKey: signing.privateKey,
    publicJwk,
    x509Anchors: () => walletCas,
  });
  const authorizationServer = new Oauth2AuthorizationServer({ callbacks });
  const resourceServer = new Oauth2ResourceServer({ callbacks });
  const issuer = new Openid4vciIssuer({ callbacks });

  const app = express();
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const vct = `${base}/vct/membership-card`;

  const credentialIssuerMetadata = issuer.createCredentialIssuerMetadata({
    credential_issuer: base,
    credential_endpoint: `${base}/credential`,
    nonce_endpoint: `${base}/nonce`,
    display: [{ name: 'oid4vc-ts test issuer', locale: 'en' }],
    credential_configurations_supported: {
      [configurationId]: {
        format: 'dc+sd-jwt',
        scope: configurationId,
        vct,
        cryptographic_binding_methods_supported: ['jwk'],
        credential_signing_alg_values_supported: ['ES256'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
        credential_metadata: {
          display: [{ name: 'Membership card', locale: 'en' }],
          claims: Object.keys(options.claims).map((name) => ({ path: [name] })),
        },
      },
    },
  });
  const authorizationServerMetadata = authorizationServer.createAuthorizationServerMetadata({
    issuer: base,
    token_endpoint: `${base}/token`,
    jwks_uri: `${base}/jwks`,
    authorization_endpoint: `${base}/authorize`,
    pushed_authorization_request_endpoint: `${base}/par`,
    require_pushed_authorization_requests: true,
    code_challenge_methods_supported: ['S256'],
    dpop_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['attest_jwt_client_auth'],
    authorization_response_iss_parameter_supported: true,
    grant_types_supported: [authorizationCodeGrantIdentifier, preAuthorizedCodeGrantIdentifier],
    'pre-authorized_grant_anonymous_access_supported': true,
  });
  const issuerMetadata: IssuerMetadataResult = {
    originalDraftVersion: Openid4vciVersion.V1,
    credentialIssuer: credentialIssuerMetadata,
    authorizationServers: [authorizationServerMetadata],
    knownCredentialConfigurations: issuer.getKnownCredentialConfigurationsSupported(credentialIssuerMetadata),
  };

  const sdJwtVc = new SDJwtVcInstance({
    signer: await ES256.getSigner(await exportJWK(signing.privateKey)),
    signAlg: 'ES256',
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
  });

  /** Offers not yet redeemed: pre-authorized code → tx_code. */
  const offers = new Map<string, string>();
  const nonces = new Map<string, number>();
  const dpopNonces = createDpopNonceBook();
  /** The credential endpoint's nonces: the authorization server's, unless it keeps its own. */
  let resourceNonces = dpopNonces;
  const clients = new Map<string, RegisteredClient>();
  /** What the library checked, for the test to see. */
  const events: string[] = [];
  /** Every error this server answered, with the endpoint, for the test to see. */
  const refusals: Array<{ endpoint: string; error: string }> = [];
  app.use((req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const error = (body as { error?: unknown } | undefined)?.error;
      if (res.statusCode >= 400 && typeof error === 'string') refusals.push({ endpoint: req.path, error });
      return json(body);
    };
    next();
  });

  app.get('/.well-known/openid-credential-issuer', (_req, res) => void res.json(credentialIssuerMetadata));
  app.get(
    '/.well-known/oauth-authorization-server',
    (_req, res) => void res.json(authorizationServerMetadata),
  );
  app.get('/jwks', (_req, res) => void res.json({ keys: [publicJwk] }));
  // SD-JWT VC §5: the issuer's keys for its credentials (not an oid4vc-ts document).
  app.get(
    '/.well-known/jwt-vc-issuer',
    (_req, res) => void res.json({ issuer: base, jwks: { keys: [publicJwk] } }),
  );

  app.use(
    authorizationServerRouter({
      base,
      authorizationServer,
      metadata: authorizationServerMetadata,
      publicJwk,
      nonces: dpopNonces,
      clients,
      preAuthorizedOffers: offers,
      testPerson: options.testPerson ?? 'test-person',
      events,
    }),
  );

  app.post('/nonce', (_req, res) => {
    const cNonce = randomBytes(16).toString('base64url');
    nonces.set(cNonce, Date.now() + 300_000);
    res.set('Cache-Control', 'no-store').json(issuer.createNonceResponse({ cNonce, cNonceExpiresIn: 300 }));
  });

  app.post('/credential', express.json(), async (req, res) => {
    try {
      const request = requestLike(req, base);
      // RFC 9449 §9: the resource server also asks for a nonce of its own issuing.
      const dpopJwt = request.headers.get('DPoP');
      const nonce = dpopJwt ? resourceNonces.currentNonceOf(dpopJwt) : undefined;
      if (dpopJwt && !nonce) {
        events.push('credential: use_dpop_nonce answered');
        const challenge = new Oauth2ResourceUnauthorizedError('DPoP nonce required', {
          scheme: SupportedAuthenticationScheme.DPoP,
          error: Oauth2ErrorCodes.UseDpopNonce,
          error_description: 'sign the proof with this nonce',
        });
        res
          .status(401)
          .set('WWW-Authenticate', challenge.toHeaderValue())
          .set('DPoP-Nonce', resourceNonces.issue())
          .json({ error: Oauth2ErrorCodes.UseDpopNonce });
        return;
      }
      // The library checks the token, that it is DPoP-bound (cnf.jkt) and the proof (htm, htu,
      // ath, key); then the proof's nonce.
      const { tokenPayload, accessToken } = await resourceServer.verifyResourceRequest({
        request,
        resourceServer: base,
        authorizationServers: [authorizationServerMetadata],
        allowedAuthenticationSchemes: [SupportedAuthenticationScheme.DPoP],
      });
      await authorizationServer.verifyDpopJwt({
        dpopJwt: dpopJwt!,
        request,
        accessToken,
        expectedNonce: nonce,
        expectedJwkThumbprint: tokenPayload.cnf?.jkt,
        allowedSigningAlgs: ['ES256'],
      });
      if (!resourceNonces.firstUse(dpopJwt!)) {
        res.status(401).json({ error: Oauth2ErrorCodes.InvalidDpopProof, error_description: 'replayed' });
        return;
      }
      events.push('credential: DPoP-bound access token and proof with nonce verified');
      const parsed = issuer.parseCredentialRequest({
        issuerMetadata,
        credentialRequest: req.body as Record<string, unknown>,
      });
      const proofJwts = parsed.proofs?.jwt ?? [];
      if (proofJwts.length === 0) {
        res.status(400).json({ error: 'invalid_proof', error_description: 'no jwt proof' });
        return;
      }
      const credentials: Array<{ credential: string }> = [];
      for (const jwt of proofJwts) {
        // The nonce the proof names must be one this issuer handed out and not yet used; the
        // library compares it and checks its expiry.
        const named = decodeJwt(jwt).nonce;
        const expiresAt = typeof named === 'string' ? nonces.get(named) : undefined;
        const verified = await issuer.verifyCredentialRequestJwtProof({
          issuerMetadata,
          jwt,
          expectedNonce: expiresAt !== undefined ? (named as string) : 'no nonce handed out',
          nonceExpiresAt: new Date(expiresAt ?? 0),
        });
        const holderJwk = verified.signer.publicJwk as JWK;
        credentials.push({
          credential: await sdJwtVc.issue(
            {
              iss: base,
              iat: Math.floor(Date.now() / 1000),
              vct,
              cnf: { jwk: holderJwk },
              ...options.claims,
            },
            { _sd: Object.keys(options.claims) as never },
            { header: { typ: 'dc+sd-jwt', kid: publicJwk.kid } },
          ),
        });
      }
      for (const jwt of proofJwts) nonces.delete(String(decodeJwt(jwt).nonce));
      events.push(`credential: ${credentials.length} proof(s) verified, SD-JWT VC issued`);
      res.json(issuer.createCredentialResponse({ credentialRequest: parsed, credentials }));
    } catch (error) {
      answerOauthError(res, error);
    }
  });

  return {
    baseUrl: base,
    vct,
    configurationId,
    publicJwk,
    events,
    refusals,
    /** A credential offer by value, pre-authorized with a numeric tx_code; the code to enter. */
    async offer(): Promise<{ link: string; txCode: string }> {
      const preAuthorizedCode = randomBytes(16).toString('base64url');
      const txCode = String(100000 + (randomBytes(4).readUInt32BE() % 900000));
      offers.set(preAuthorizedCode, txCode);
      const { credentialOffer } = await issuer.createCredentialOffer({
        issuerMetadata,
        credentialConfigurationIds: [configurationId],
        grants: {
          [preAuthorizedCodeGrantIdentifier]: {
            'pre-authorized_code': preAuthorizedCode,
            tx_code: { input_mode: 'numeric', length: 6, description: 'The code sent to you' },
          },
        },
      });
      return { link: credentialOffer, txCode };
    },
    /** A client (a wallet) this authorization server lets push requests. */
    registerClient(client: RegisteredClient) {
      clients.set(client.clientId, client);
    },
    /** The CAs whose certified wallet providers may attest clients (base64 DER certificates). */
    trustWalletCas(certificates: string[]) {
      trustedCas = certificates;
      walletCas = certificates.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
    },
    /** Trusts no CA for a while (a negative test), then `restoreWalletCas` the ones set before. */
    distrustWalletCas() {
      walletCas = [];
    },
    restoreWalletCas() {
      walletCas = trustedCas.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
    },
    /** What the metadata promises: without `dpop_signing_alg_values_supported` a wallet may not send DPoP. */
    advertiseDpop(on: boolean) {
      if (on) authorizationServerMetadata.dpop_signing_alg_values_supported = ['ES256'];
      else delete authorizationServerMetadata.dpop_signing_alg_values_supported;
    },
    /**
     * The credential endpoint keeps DPoP nonces of its own (RFC 9449 §9: a resource server apart
     * from its authorization server), so the token's nonce is not good there.
     */
    separateResourceServerNonces(on: boolean) {
      resourceNonces = on ? createDpopNonceBook() : dpopNonces;
    },
    /** The issuer as an operator lists it. */
    trustListEntry(): TrustedIssuer {
      return {
        id: 'oid4vc-ts-issuer',
        name: { sv: 'Testutfärdare (oid4vc-ts)', en: 'Test issuer (oid4vc-ts)' },
        credential_issuer: base,
        jwks: { keys: [publicJwk as Record<string, unknown>] },
        credential_types: [
          {
            format: 'dc+sd-jwt',
            type: vct,
            credential_configuration_id: configurationId,
            name: { sv: 'Medlemskort', en: 'Membership card' },
          },
        ],
      };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
