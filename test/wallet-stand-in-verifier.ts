import { createServer, type Server } from 'node:http';
import type { WalletWorld } from './wallet-harness.js';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { compactDecrypt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { verifySdJwtVc, type VerifiedSdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import type { TrustedConsumer, TrustList } from '@min-profil/shared/trust-list/z-trust-list';

export interface ReceivedAnswer {
  state?: string;
  error?: string;
  /** Per DCQL query id: what verified, or why not. */
  presentations: Record<string, Array<{ verified?: VerifiedSdJwtVc; failure?: string }>>;
}

/**
 * A small OpenID4VP 1.0 verifier for the wallet's tests (until the real one lands): signed
 * request objects by request_uri with a `decentralized_identifier:did:web:…` client id, or an
 * unsigned `redirect_uri:` request (the wallet answers it only with WALLET_ALLOW_UNSIGNED_REQUESTS);
 * `direct_post` and `direct_post.jwt`; every presentation checked with `verifySdJwtVc` (issuer
 * key from the trust list, KB-JWT nonce and aud).
 */
export async function startStandInVerifier(options: { trustList: () => TrustList }) {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const encryption = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
  const app = express();
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const did = `did:web:127.0.0.1%3A${port}:insurer`;
  const clientId = `decentralized_identifier:${did}`;
  const kid = `${did}#key-1`;
  const publicJwk = { ...(await exportJWK(signing.publicKey)), kid, alg: 'ES256', use: 'sig' };
  const encJwk: JWK = {
    ...(await exportJWK(encryption.publicKey)),
    kid: 'enc-1',
    use: 'enc',
    alg: 'ECDH-ES',
  };
  const requestObjects = new Map<string, string>();
  const sessions = new Map<string, { nonce: string; clientId: string }>();
  const answers: ReceivedAnswer[] = [];
  /** The `redirect_uri` the response endpoint answers with (a test may make it hostile). */
  let redirectFor = (state: string) => `${base}/done?state=${state}`;

  app.get('/request/:id', (req, res) => {
    const jwt = requestObjects.get(req.params.id);
    if (!jwt) {
      res.status(404).end();
      return;
    }
    res.type('application/oauth-authz-req+jwt').send(jwt);
  });

  app.post('/response', express.urlencoded({ extended: false, limit: '1mb' }), async (req, res) => {
    let params = req.body as Record<string, string>;
    if (params.response) {
      const { plaintext } = await compactDecrypt(params.response, encryption.privateKey);
      params = JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, string>;
    }
    const session = params.state ? sessions.get(params.state) : undefined;
    const answer: ReceivedAnswer = { state: params.state, presentations: {} };
    if (params.error) answer.error = params.error;
    if (params.vp_token && session) {
      const vpToken = (
        typeof params.vp_token === 'string' ? JSON.parse(params.vp_token) : params.vp_token
      ) as Record<string, string[]>;
      for (const [queryId, items] of Object.entries(vpToken)) {
        answer.presentations[queryId] = [];
        for (const compact of items) {
          try {
            const verified = await verifySdJwtVc({
              compact,
              resolveIssuerKey: async ({ iss }) => {
                const issuer = options.trustList().issuers.find((i) => i.credential_issuer === iss);
                if (!issuer) throw new Error('unknown issuer');
                return issuer.jwks.keys[0] as JWK;
              },
              keyBinding: { nonce: session.nonce, audience: session.clientId },
            });
            answer.presentations[queryId]!.push({ verified });
          } catch (error) {
            answer.presentations[queryId]!.push({
              failure: (error as { code?: string }).code ?? String(error),
            });
          }
        }
      }
    }
    answers.push(answer);
    res.json({ redirect_uri: redirectFor(params.state ?? '') });
  });

  function clientMetadata() {
    return {
      client_name: 'Försäkringsbolaget (stand-in)',
      vp_formats_supported: {
        'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] },
      },
      jwks: { keys: [encJwk] },
      encrypted_response_enc_values_supported: ['A128GCM'],
    };
  }

  return {
    baseUrl: base,
    clientId,
    answers,
    /** Answers later responses with this `redirect_uri` instead of its own /done page. */
    answerWithRedirect(uri: string | undefined) {
      redirectFor = uri === undefined ? (state) => `${base}/done?state=${state}` : () => uri;
    },
    consumer(registrations: TrustedConsumer['registrations']): TrustedConsumer {
      return {
        id: 'insurer',
        name: { sv: 'Försäkringsbolaget', en: 'The insurer' },
        client_id: clientId,
        jwks: { keys: [publicJwk as Record<string, unknown>] },
        registrations,
      };
    },
    /** A signed request by reference; returns the `openid4vp://` link. */
    async signedRequest(
      dcql: unknown,
      responseMode: 'direct_post' | 'direct_post.jwt' = 'direct_post',
      signWith?: CryptoKey,
    ) {
      const id = randomBytes(8).toString('hex');
      const nonce = randomBytes(16).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      sessions.set(state, { nonce, clientId });
      const jwt = await new SignJWT({
        client_id: clientId,
        response_type: 'vp_token',
        response_mode: responseMode,
        response_uri: `${base}/response`,
        nonce,
        state,
        dcql_query: dcql,
        client_metadata: clientMetadata(),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', kid })
        .setIssuedAt()
        .setAudience('https://self-issued.me/v2')
        .sign(signWith ?? signing.privateKey);
      requestObjects.set(id, jwt);
      return `openid4vp://?${new URLSearchParams({ client_id: clientId, request_uri: `${base}/request/${id}` })}`;
    },
    /** An unsigned request with the redirect_uri client identifier prefix (by value). */
    unsignedRequest(dcql: unknown, extra: Record<string, unknown> = {}) {
      const nonce = randomBytes(16).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      const unsignedClientId = `redirect_uri:${base}/response`;
      sessions.set(state, { nonce, clientId: unsignedClientId });
      const { jwks: _jwks, ...metadata } = clientMetadata();
      return `openid4vp://?${new URLSearchParams({
        client_id: unsignedClientId,
        response_type: 'vp_token',
        response_mode: 'direct_post',
        response_uri: `${base}/response`,
        nonce,
        state,
        dcql_query: JSON.stringify(dcql),
        client_metadata: JSON.stringify(metadata),
        ...Object.fromEntries(
          Object.entries(extra).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        ),
      })}`;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The stand-in insurer, registered in the world's trust list to ask for the given name on
 * Arbetsförmedlingen's registration certificate.
 */
export async function startInsurerAskingForCertificate(
  world: Pick<WalletWorld, 'issuer' | 'trustList' | 'addConsumer'>,
) {
  const verifier = await startStandInVerifier({ trustList: () => world.trustList });
  const certificateVct = `${world.issuer.baseUrl}/af/vct/registration-certificate`;
  world.addConsumer(
    verifier.consumer([
      {
        purpose: { sv: 'Inskrivning', en: 'Registration' },
        credentials: [{ format: 'dc+sd-jwt', type: certificateVct, claims: [['given_name']] }],
      },
    ]),
  );
  return { verifier, certificateVct };
}
