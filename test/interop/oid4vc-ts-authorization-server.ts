import { randomBytes } from 'node:crypto';
import express, { Router, type Response } from 'express';
import type { JWK } from 'jose';
import {
  authorizationCodeGrantIdentifier,
  Oauth2AuthorizationServer,
  Oauth2ErrorCodes,
  Oauth2ResourceUnauthorizedError,
  Oauth2ServerErrorResponseError,
  parsePushedAuthorizationRequestUriReferenceValue,
  PkceCodeChallengeMethod,
  preAuthorizedCodeGrantIdentifier,
  pushedAuthorizationRequestUriPrefix,
  type AuthorizationServerMetadata,
} from '@openid4vc/oauth2';
import type { DpopNonceBook } from './dpop-nonce-book.js';
import { requestLike } from './wallet-counterpart-callbacks.js';

/** A client the authorization server knows (as a deployment registers wallets). */
export interface RegisteredClient {
  clientId: string;
  redirectUris: string[];
}

/** One grant the token endpoint may redeem: a pushed request the test person consented to. */
interface Grant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string | undefined;
  expiresAt: number;
}

/** Answers an error the library raised as the library wrote it; anything else as invalid_request. */
export function answerOauthError(res: Response, error: unknown) {
  if (error instanceof Oauth2ServerErrorResponseError) {
    res.status(error.status ?? 400).json(error.errorResponse);
    return;
  }
  if (error instanceof Oauth2ResourceUnauthorizedError) {
    const [first] = error.wwwAuthenticateHeaders;
    res
      .status(401)
      .set('WWW-Authenticate', error.toHeaderValue())
      .json({ error: first?.error ?? 'invalid_token', error_description: first?.error_description });
    return;
  }
  res.status(400).json({ error: 'invalid_request', error_description: (error as Error).message });
}

function refuse(error: string, description: string, status = 400): never {
  throw new Oauth2ServerErrorResponseError({ error, error_description: description }, { status });
}

/**
 * The authorization server's endpoints, as a deployment of oid4vc-ts's `Oauth2AuthorizationServer`
 * writes them (HAIP 1.0 §4): PAR (RFC 9126) with the wallet's client attestation
 * (`attest_jwt_client_auth`) and a PKCE S256 challenge, the authorization endpoint, and the token
 * endpoint for both grants with DPoP-bound tokens and server nonces (RFC 9449 §8). The library
 * parses every request and verifies the attestation and its PoP, the DPoP proof (with the nonce it
 * is told to expect) and the PKCE verifier; ours are the session maps and the registered clients.
 *
 * Who the person is: the authorization endpoint stands for the sign-in of one fixed test person,
 * who consents at once (the credential's claims are that person's); there is no login page.
 */
export function authorizationServerRouter(options: {
  base: string;
  authorizationServer: Oauth2AuthorizationServer;
  metadata: AuthorizationServerMetadata;
  /** The key access tokens are signed with. */
  publicJwk: JWK;
  nonces: DpopNonceBook;
  clients: Map<string, RegisteredClient>;
  /** Pre-authorized code → tx_code, for offers not yet redeemed. */
  preAuthorizedOffers: Map<string, string>;
  testPerson: string;
  events: string[];
}): Router {
  const { base, authorizationServer, metadata, nonces, events } = options;
  const pushed = new Map<string, Grant & { state: string | undefined }>();
  const codes = new Map<string, Grant>();
  const router = Router();

  router.post('/par', express.urlencoded({ extended: false }), async (req, res) => {
    try {
      const request = requestLike(req, base);
      const parsed = await authorizationServer.parsePushedAuthorizationRequest({
        request,
        authorizationRequest: req.body as Record<string, unknown>,
      });
      const asked = parsed.authorizationRequest;
      const client = options.clients.get(asked.client_id);
      if (!client) refuse(Oauth2ErrorCodes.InvalidClient, 'unknown client_id', 401);
      if (asked.response_type !== 'code') refuse('unsupported_response_type', 'only response_type=code');
      if (!asked.redirect_uri || !client.redirectUris.includes(asked.redirect_uri)) {
        refuse(Oauth2ErrorCodes.InvalidRequest, 'redirect_uri is not registered for this client');
      }
      if (!asked.code_challenge || asked.code_challenge_method !== PkceCodeChallengeMethod.S256) {
        refuse(Oauth2ErrorCodes.InvalidRequest, 'a PKCE code_challenge with method S256 is required');
      }
      // The library verifies the attestation (x5c chain through our verifyJwt callback, exp), its
      // PoP (signed by the attested key, aud = this server) and that its sub is the client_id.
      await authorizationServer.verifyPushedAuthorizationRequest({
        authorizationServerMetadata: metadata,
        authorizationRequest: asked,
        request,
        clientAttestation: { required: true, ...parsed.clientAttestation },
        ...(parsed.dpop ? { dpop: { ...parsed.dpop, allowedSigningAlgs: ['ES256'] } } : {}),
      });
      if (!nonces.firstUse(parsed.clientAttestation!.clientAttestationPopJwt)) {
        refuse(Oauth2ErrorCodes.InvalidClient, 'client attestation PoP replayed', 401);
      }
      const id = randomBytes(16).toString('base64url');
      pushed.set(id, {
        clientId: client.clientId,
        redirectUri: asked.redirect_uri!,
        codeChallenge: asked.code_challenge!,
        scope: asked.scope,
        state: asked.state,
        expiresAt: Date.now() + 60_000,
      });
      events.push('par: client attestation and PoP verified, PKCE S256 challenge kept');
      const { pushedAuthorizationResponse } = authorizationServer.createPushedAuthorizationResponse({
        requestUri: `${pushedAuthorizationRequestUriPrefix}${id}`,
        expiresInSeconds: 60,
      });
      res.status(201).set('Cache-Control', 'no-store').json(pushedAuthorizationResponse);
    } catch (error) {
      answerOauthError(res, error);
    }
  });

  // The fixed test person signs in and consents at once; a pushed request is used once.
  router.get('/authorize', (req, res) => {
    try {
      const id = parsePushedAuthorizationRequestUriReferenceValue({
        uri: String(req.query.request_uri ?? ''),
      });
      const grant = pushed.get(id);
      pushed.delete(id);
      if (!grant || grant.expiresAt < Date.now() || grant.clientId !== req.query.client_id) {
        refuse(Oauth2ErrorCodes.InvalidRequest, 'unknown, used or expired request_uri');
      }
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { ...grant, expiresAt: Date.now() + 60_000 });
      events.push('authorize: the test person consented, code issued');
      const back = new URL(grant.redirectUri);
      back.searchParams.set('code', code);
      if (grant.state !== undefined) back.searchParams.set('state', grant.state);
      back.searchParams.set('iss', base);
      res.redirect(303, back.href);
    } catch (error) {
      answerOauthError(res, error);
    }
  });

  router.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    try {
      const request = requestLike(req, base);
      const parsed = authorizationServer.parseAccessTokenRequest({
        request,
        accessTokenRequest: req.body as Record<string, unknown>,
      });
      // RFC 9449 §8: a proof without a current nonce of this server is answered with one.
      const dpopJwt = parsed.dpop?.jwt;
      const nonce = dpopJwt ? nonces.currentNonceOf(dpopJwt) : undefined;
      if (dpopJwt && !nonce) {
        events.push('token: use_dpop_nonce answered');
        res.status(400).set('DPoP-Nonce', nonces.issue()).set('Cache-Control', 'no-store').json({
          error: Oauth2ErrorCodes.UseDpopNonce,
          error_description: 'sign the proof with this nonce',
        });
        return;
      }
      const dpop = { required: true, jwt: dpopJwt, allowedSigningAlgs: ['ES256'] };
      let verified;
      let grant: Grant | undefined;
      if (parsed.grant.grantType === preAuthorizedCodeGrantIdentifier) {
        const code = parsed.grant.preAuthorizedCode;
        const txCode = options.preAuthorizedOffers.get(code);
        if (txCode === undefined) refuse(Oauth2ErrorCodes.InvalidGrant, 'unknown pre-authorized code');
        verified = await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
          authorizationServerMetadata: metadata,
          grant: parsed.grant,
          accessTokenRequest: parsed.accessTokenRequest,
          request,
          expectedPreAuthorizedCode: code,
          expectedTxCode: txCode,
          dpop,
        });
        options.preAuthorizedOffers.delete(code);
      } else if (parsed.grant.grantType === authorizationCodeGrantIdentifier) {
        const code = parsed.grant.code;
        grant = codes.get(code);
        // RFC 6749 §4.1.2: a code is redeemed once, whatever the outcome.
        codes.delete(code);
        if (!grant) refuse(Oauth2ErrorCodes.InvalidGrant, 'unknown or used authorization code');
        if (parsed.accessTokenRequest.redirect_uri !== grant.redirectUri) {
          refuse(Oauth2ErrorCodes.InvalidGrant, 'redirect_uri differs from the authorization request');
        }
        verified = await authorizationServer.verifyAuthorizationCodeAccessTokenRequest({
          authorizationServerMetadata: metadata,
          grant: parsed.grant,
          accessTokenRequest: parsed.accessTokenRequest,
          request,
          expectedCode: code,
          codeExpiresAt: new Date(grant.expiresAt),
          dpop,
          clientAttestation: {
            required: true,
            ...parsed.clientAttestation,
            expectedClientId: grant.clientId,
          },
          pkce: {
            codeVerifier: parsed.pkceCodeVerifier,
            codeChallenge: grant.codeChallenge,
            codeChallengeMethod: PkceCodeChallengeMethod.S256,
          },
        });
        if (!nonces.firstUse(parsed.clientAttestation!.clientAttestationPopJwt)) {
          refuse(Oauth2ErrorCodes.InvalidClient, 'client attestation PoP replayed', 401);
        }
      } else {
        refuse(Oauth2ErrorCodes.UnsupportedGrantType, 'unsupported grant_type');
      }
      // The library compares the proof's nonce with the one this server handed out.
      await authorizationServer.verifyDpopJwt({
        dpopJwt: dpopJwt!,
        request,
        expectedNonce: nonce,
        allowedSigningAlgs: ['ES256'],
      });
      if (!nonces.firstUse(dpopJwt!)) refuse(Oauth2ErrorCodes.InvalidDpopProof, 'DPoP proof replayed');
      events.push(
        grant
          ? 'token: authorization code, PKCE verifier, client attestation and DPoP proof with nonce verified'
          : 'token: pre-authorized code, tx_code and DPoP proof with nonce verified',
      );
      const response = await authorizationServer.createAccessTokenResponse({
        authorizationServer: base,
        audience: base,
        subject: options.testPerson,
        ...(grant ? { clientId: grant.clientId, ...(grant.scope ? { scope: grant.scope } : {}) } : {}),
        signer: { method: 'jwk', alg: 'ES256', publicJwk: options.publicJwk as never },
        dpop: { jwk: verified.dpop!.jwk },
        expiresInSeconds: 300,
      });
      res.set('Cache-Control', 'no-store').set('DPoP-Nonce', nonces.issue()).json(response);
    } catch (error) {
      answerOauthError(res, error);
    }
  });

  return router;
}
