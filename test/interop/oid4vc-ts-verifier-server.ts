import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { decodeJwt, exportJWK, generateKeyPair, type JWK } from 'jose';
import { DcqlPresentationResult, DcqlQuery } from 'dcql';
import type { Jwk } from '@openid4vc/oauth2';
import { Openid4vpVerifier, type Openid4vpAuthorizationRequest } from '@openid4vc/openid4vp';
import { ES256, digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import type { TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';
import { joseCallbacks, publicJwkOf } from './wallet-counterpart-callbacks.js';

/** What the verifier made of one answer: per credential query, the disclosed claims. */
export interface VerifierOutcome {
  error?: string;
  /** Set when the library refused the answer (with its message). */
  refused?: string;
  claims?: Record<string, Array<Record<string, unknown>>>;
  /** The library's DCQL evaluation of what was presented. */
  canBeSatisfied?: boolean;
  keyBinding?: { nonce: unknown; aud: unknown };
}

/**
 * An OpenID4VP 1.0 verifier assembled from oid4vc-ts's `Openid4vpVerifier`: it writes a signed
 * request object (JAR by `request_uri`, `decentralized_identifier:did:web:…` client id), parses
 * and decrypts the answer (`direct_post` / `direct_post.jwt`) with the library, verifies each
 * SD-JWT VC presentation and its key binding with `@sd-jwt/sd-jwt-vc` and evaluates the DCQL
 * query with `dcql`. Nothing of ours checks what the wallet sends.
 */
export async function startOid4vcTsVerifier(options: { issuerKey: (iss: string) => JWK | undefined }) {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const encryption = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
  const app = express();
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const did = `did:web:127.0.0.1%3A${port}`;
  const clientId = `decentralized_identifier:${did}`;
  const kid = `${did}#key-1`;
  const publicJwk = await publicJwkOf(signing.publicKey, kid);
  const encJwk: JWK = {
    ...(await exportJWK(encryption.publicKey)),
    kid: 'enc-1',
    use: 'enc',
    alg: 'ECDH-ES',
  };
  const callbacks = await joseCallbacks({
    privateKey: signing.privateKey,
    publicJwk,
    decryptionKey: encryption.privateKey,
    decryptionJwk: encJwk,
  });
  const verifier = new Openid4vpVerifier({ callbacks });
  const requestObjects = new Map<string, string>();
  const sessions = new Map<string, Openid4vpAuthorizationRequest>();
  const outcomes: VerifierOutcome[] = [];
  const served = { count: 0 };

  // A document to approve (transaction data), served as it is hashed.
  const document = Buffer.from(JSON.stringify({ decision: 'membership renewal', year: 2027 }));
  app.get('/document.json', (_req, res) => void res.type('application/json').send(document));

  app.all('/request/:id', (req, res) => {
    const jwt = requestObjects.get(req.params.id);
    if (!jwt) return void res.status(404).end();
    served.count++;
    res.type('application/oauth-authz-req+jwt').send(jwt);
  });

  async function verifyPresentation(compact: string, nonce: string) {
    const issuerJwt = decodeJwt(compact.slice(0, compact.indexOf('~')));
    const issuerJwk = options.issuerKey(String(issuerJwt.iss));
    if (!issuerJwk) throw new Error('the credential is from an issuer this verifier does not know');
    const sdJwtVc = new SDJwtVcInstance({
      hasher: digest,
      verifier: await ES256.getVerifier(issuerJwk as never),
      // The holder key is the credential's cnf.jwk (SD-JWT VC §3.2.2.2).
      kbVerifier: async (data, signature, payload) =>
        (await ES256.getVerifier((payload.cnf as { jwk: JWK }).jwk as never))(data, signature),
    });
    return sdJwtVc.verify(compact, { keyBindingNonce: nonce, requireKeyBindings: true });
  }

  app.post('/response/:state', express.urlencoded({ extended: false, limit: '1mb' }), async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const outcome: VerifierOutcome = {};
    outcomes.push(outcome);
    try {
      // One response URI per request: a direct_post.jwt answer carries `state` only inside the JWE.
      const session = sessions.get(req.params.state);
      if (!session) throw new Error('no session for this answer');
      if (typeof body.error === 'string') {
        outcome.error = body.error;
        return void res.json({});
      }
      const parsed = await verifier.parseOpenid4vpAuthorizationResponse({
        authorizationResponse: body,
        authorizationRequestPayload: session,
        callbacks,
      });
      if (parsed.type !== 'dcql') throw new Error('not a DCQL answer');
      const dcqlQuery = DcqlQuery.parse(session.dcql_query as DcqlQuery.Input);
      const claims: NonNullable<VerifierOutcome['claims']> = {};
      const presented: Record<string, Array<Record<string, unknown>>> = {};
      for (const [queryId, entries] of Object.entries(parsed.dcql.presentations)) {
        claims[queryId] = [];
        presented[queryId] = [];
        for (const entry of entries) {
          if (typeof entry !== 'string') throw new Error('not an SD-JWT VC');
          const verified = await verifyPresentation(entry, parsed.expectedNonce);
          const payload = verified.payload as Record<string, unknown>;
          outcome.keyBinding = { nonce: verified.kb?.payload.nonce, aud: verified.kb?.payload.aud };
          claims[queryId]!.push(payload);
          presented[queryId]!.push({
            credential_format: 'dc+sd-jwt',
            vct: payload.vct,
            claims: payload,
            cryptographic_holder_binding: verified.kb !== undefined,
          });
        }
      }
      const result = DcqlPresentationResult.fromDcqlPresentation(presented as never, { dcqlQuery });
      outcome.canBeSatisfied = result.can_be_satisfied;
      outcome.claims = claims;
      sessions.delete(req.params.state);
      res.json({ redirect_uri: `${base}/done` });
    } catch (error) {
      outcome.refused = (error as Error).message;
      res.status(400).json({ error: 'invalid_request', error_description: 'the answer did not verify' });
    }
  });

  return {
    baseUrl: base,
    clientId,
    outcomes,
    /** How many request objects were fetched (by GET or POST). */
    get requestObjectsServed() {
      return served.count;
    },
    document: { uri: `${base}/document.json`, bytes: document },
    /** A signed request by reference, written by the library; returns the `openid4vp://` link. */
    async request(
      dcqlQuery: unknown,
      responseMode: 'direct_post' | 'direct_post.jwt',
      /** More request parameters, e.g. `transaction_data`, or ones a wallet must refuse. */
      extra: Record<string, unknown> = {},
    ) {
      const id = randomBytes(8).toString('hex');
      const state = randomBytes(16).toString('base64url');
      const created = await verifier.createOpenId4vpAuthorizationRequest({
        authorizationRequestPayload: {
          response_type: 'vp_token',
          client_id: clientId,
          response_mode: responseMode,
          response_uri: `${base}/response/${state}`,
          nonce: randomBytes(16).toString('base64url'),
          state,
          dcql_query: dcqlQuery,
          ...extra,
          client_metadata: {
            client_name: 'oid4vc-ts test verifier',
            vp_formats_supported: {
              'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] },
            },
            ...(responseMode === 'direct_post.jwt'
              ? { jwks: { keys: [encJwk as Jwk] }, encrypted_response_enc_values_supported: ['A128GCM'] }
              : {}),
          },
        },
        jar: {
          jwtSigner: { method: 'did', alg: 'ES256', didUrl: kid },
          requestUri: `${base}/request/${id}`,
          expiresInSeconds: 300,
        },
      });
      requestObjects.set(id, created.jar!.authorizationRequestJwt);
      sessions.set(state, created.authorizationRequestPayload as Openid4vpAuthorizationRequest);
      return created.authorizationRequest;
    },
    /** The verifier as an operator lists it, registered for `claims` of `type`. */
    trustListEntry(): Pick<TrustedConsumer, 'id' | 'name' | 'client_id' | 'jwks'> {
      return {
        id: 'oid4vc-ts-verifier',
        name: { sv: 'Testverifierare (oid4vc-ts)', en: 'Test verifier (oid4vc-ts)' },
        client_id: clientId,
        jwks: { keys: [publicJwk as Record<string, unknown>] },
      };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
