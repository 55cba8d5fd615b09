import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { decodeJwt, exportJWK, generateKeyPair, type JWK } from 'jose';
import {
  Oauth2AuthorizationServer,
  Oauth2ResourceServer,
  Oauth2ServerErrorResponseError,
  preAuthorizedCodeGrantIdentifier,
  SupportedAuthenticationScheme,
} from '@openid4vc/oauth2';
import { Openid4vciIssuer, Openid4vciVersion, type IssuerMetadataResult } from '@openid4vc/openid4vci';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { joseCallbacks, publicJwkOf, requestLike } from './wallet-counterpart-callbacks.js';

const configurationId = 'membership_card';

/**
 * An OpenID4VCI 1.0 credential issuer with its own authorization server, assembled from the
 * oid4vc-ts server classes (`Openid4vciIssuer`, `Oauth2AuthorizationServer`,
 * `Oauth2ResourceServer`) as a deployment of them would be: the library parses and checks every
 * request (token request with pre-authorized code and tx_code, access token, proof JWT and its
 * nonce) and writes every response; the SD-JWT VC comes from `@sd-jwt/sd-jwt-vc`. Only the
 * express routes and the session bookkeeping are ours.
 */
export async function startOid4vcTsIssuer(options: { claims: Record<string, unknown> }) {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await publicJwkOf(signing.publicKey, 'issuer-key-1');
  const callbacks = await joseCallbacks({ privateKey: signing.privateKey, publicJwk });
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
    grant_types_supported: [preAuthorizedCodeGrantIdentifier],
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
  /** What the library checked, for the test to see. */
  const events: string[] = [];

  function answerError(res: Response, error: unknown) {
    if (error instanceof Oauth2ServerErrorResponseError) {
      res.status(error.status ?? 400).json(error.errorResponse);
      return;
    }
    res.status(400).json({ error: 'invalid_request', error_description: (error as Error).message });
  }

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

  app.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    try {
      const parsed = authorizationServer.parseAccessTokenRequest({
        request: requestLike(req, base),
        accessTokenRequest: req.body as Record<string, unknown>,
      });
      if (parsed.grant.grantType !== preAuthorizedCodeGrantIdentifier) {
        res.status(400).json({ error: 'unsupported_grant_type' });
        return;
      }
      const code = parsed.grant.preAuthorizedCode;
      const txCode = offers.get(code);
      if (txCode === undefined) {
        res.status(400).json({ error: 'invalid_grant', error_description: 'unknown pre-authorized code' });
        return;
      }
      await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
        authorizationServerMetadata,
        grant: parsed.grant,
        accessTokenRequest: parsed.accessTokenRequest,
        request: requestLike(req, base),
        expectedPreAuthorizedCode: code,
        expectedTxCode: txCode,
      });
      offers.delete(code);
      events.push('token: pre-authorized code and tx_code verified');
      const response = await authorizationServer.createAccessTokenResponse({
        authorizationServer: base,
        audience: base,
        subject: `holder-${randomBytes(4).toString('hex')}`,
        signer: { method: 'jwk', alg: 'ES256', publicJwk: publicJwk as never },
        expiresInSeconds: 300,
      });
      res.set('Cache-Control', 'no-store').json(response);
    } catch (error) {
      answerError(res, error);
    }
  });

  app.post('/nonce', (_req, res) => {
    const cNonce = randomBytes(16).toString('base64url');
    nonces.set(cNonce, Date.now() + 300_000);
    res.set('Cache-Control', 'no-store').json(issuer.createNonceResponse({ cNonce, cNonceExpiresIn: 300 }));
  });

  app.post('/credential', express.json(), async (req, res) => {
    try {
      await resourceServer.verifyResourceRequest({
        request: requestLike(req, base),
        resourceServer: base,
        authorizationServers: [authorizationServerMetadata],
        allowedAuthenticationSchemes: [SupportedAuthenticationScheme.Bearer],
      });
      events.push('credential: access token verified');
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
      answerError(res, error);
    }
  });

  return {
    baseUrl: base,
    vct,
    configurationId,
    publicJwk,
    events,
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
