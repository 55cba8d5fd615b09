import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ES256, digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import {
  calculateJwkThumbprint,
  compactDecrypt,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
} from 'jose';
import {
  contactProfileClaims,
  contactProfileVct,
  standingPermissionWithdrawalTyp,
} from '@min-profil/shared/contact-profile/contact-profile';
import type { TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';

/** What the consumer holds for one standing permission. */
export interface ConsumerPermission {
  id: string;
  thumbprint: string;
  jwk: JWK;
  fields: string[];
  status: 'active' | 'withdrawn';
  appliedVersion: number;
  changeIds: Set<string>;
  profile: Record<string, unknown>;
  origin: 'presentation' | 'wallet';
}

export interface ReceivedUpdate {
  permissionId: string;
  kind: 'update' | 'withdrawal';
  profileVersion?: number;
  changeId?: string;
  fields?: string[];
  /** Whether the update carried an identity credential (`identity_token`, contract version 2). */
  identity?: boolean;
  answer: string;
}

/**
 * A consumer body for the wallet's standing-permission tests: the contract's nonce and update
 * endpoints (docs/standing-permissions.md), each update verified with sd-jwt-js (issuer signature
 * by the key in cnf.jwk, KB-JWT aud and single-use nonce), plus signed OpenID4VP requests with
 * `standing_permission` and a response endpoint. It can be taken down and brought back on the
 * same port, and told to give the next answers (400, 410, 503).
 */
export async function startStandingConsumer(
  name: string,
  registeredFields: string[] = [...contactProfileClaims],
) {
  const signing = await generateKeyPair('ES256', { extractable: true });
  const encryption = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
  const app = express();
  let server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const did = `did:web:127.0.0.1%3A${port}:${name}`;
  const clientId = `decentralized_identifier:${did}`;
  const kid = `${did}#key-1`;
  const publicJwk = { ...(await exportJWK(signing.publicKey)), kid, alg: 'ES256', use: 'sig' };
  const encJwk: JWK = {
    ...(await exportJWK(encryption.publicKey)),
    kid: 'enc-1',
    use: 'enc',
    alg: 'ECDH-ES',
  };

  const nonces = new Set<string>();
  const permissions = new Map<string, ConsumerPermission>();
  const received: ReceivedUpdate[] = [];
  const responses: Array<Record<string, unknown>> = [];
  const sessions = new Map<string, { nonce: string; fields: string[] }>();
  const requestObjects = new Map<string, string>();
  /** Answers to give instead of the real one, first in first out. */
  const scripted: Array<{ status: number; body: unknown }> = [];
  let nonceCalls = 0;
  /** Runs once, while the response endpoint holds its answer; 'drop' breaks the connection off. */
  let beforeResponseAnswer: (() => Promise<'drop' | void>) | undefined;

  async function verifyProfile(compact: string, nonce: string) {
    const jwt = compact.slice(0, compact.indexOf('~'));
    const payload = decodeJwt(jwt) as { cnf?: { jwk?: JWK }; iss?: string };
    const jwk = payload.cnf?.jwk;
    if (!jwk) throw new Error('no cnf.jwk');
    const verifier = await ES256.getVerifier(jwk as never);
    const sdjwt = new SDJwtVcInstance({ hasher: digest, verifier, kbVerifier: verifier });
    const result = await sdjwt.verify(compact, { keyBindingNonce: nonce });
    const { kty, crv, x, y } = jwk;
    const expectedIss = `did:jwk:${Buffer.from(JSON.stringify({ kty, crv, x, y })).toString('base64url')}`;
    if (result.payload.iss !== expectedIss || result.payload.vct !== contactProfileVct)
      throw new Error('iss or vct');
    if (result.kb?.payload.aud !== clientId) throw new Error('aud');
    const fields = contactProfileClaims.filter((c) => c in result.payload);
    return {
      payload: result.payload as Record<string, unknown>,
      jwk,
      fields,
      thumbprint: await calculateJwkThumbprint(jwk),
    };
  }

  const router = express.Router();
  router.post('/nonce', (_req, res) => {
    nonceCalls++;
    const nonce = randomBytes(16).toString('base64url');
    nonces.add(nonce);
    res.set('Cache-Control', 'no-store').json({ c_nonce: nonce });
  });

  router.post('/updates', express.json({ limit: '1mb' }), async (req, res) => {
    const body = req.body as {
      standing_permission_id?: string;
      vp_token?: string;
      withdrawal?: string;
      identity_token?: string;
    };
    const id = body.standing_permission_id ?? '';
    const reply = (
      status: number,
      json: unknown,
      record?: Omit<ReceivedUpdate, 'answer' | 'permissionId'>,
    ) => {
      if (record) received.push({ permissionId: id, ...record, answer: JSON.stringify(json) });
      res.status(status).json(json);
    };
    const next = scripted.shift();
    if (next) {
      reply(next.status, next.body, { kind: body.withdrawal ? 'withdrawal' : 'update' });
      return;
    }
    if (body.withdrawal) {
      const permission = permissions.get(id);
      if (!permission) return reply(404, { error: 'unknown_standing_permission' });
      try {
        const { payload } = await jwtVerify(body.withdrawal, await importJWK(permission.jwk, 'ES256'), {
          typ: standingPermissionWithdrawalTyp,
          audience: clientId,
        });
        if (!nonces.delete(String(payload.nonce))) return reply(400, { error: 'invalid_nonce' });
        if (payload.standing_permission_id !== id) throw new Error('id');
      } catch {
        return reply(400, { error: 'invalid_request', error_description: 'bad withdrawal' });
      }
      permission.status = 'withdrawn';
      // Contract: after a withdrawal the consumer no longer keeps the profile.
      permission.profile = {};
      return reply(200, { status: 'withdrawn' }, { kind: 'withdrawal' });
    }
    const vpToken = body.vp_token ?? '';
    const nonce = String(decodeJwt(vpToken.slice(vpToken.lastIndexOf('~') + 1)).nonce);
    if (!nonces.delete(nonce))
      return reply(400, { error: 'invalid_nonce', error_description: 'unknown nonce' });
    let verified;
    try {
      verified = await verifyProfile(vpToken, nonce);
    } catch (error) {
      return reply(400, { error: 'invalid_request', error_description: (error as Error).message });
    }
    let permission = permissions.get(id);
    if (!permission) {
      // Wallet-initiated: the first update creates it, only with registered claims and (contract
      // version 2) with an identity credential beside the profile; the verifier checks it fully.
      if (typeof body.identity_token !== 'string')
        return reply(400, { error: 'invalid_request', error_description: 'no identity_token' });
      if (verified.fields.some((f) => !registeredFields.includes(f)))
        return reply(400, { error: 'invalid_request', error_description: 'beyond registration' });
      permission = {
        id,
        thumbprint: verified.thumbprint,
        jwk: verified.jwk,
        fields: verified.fields,
        status: 'active',
        appliedVersion: 0,
        changeIds: new Set(),
        profile: {},
        origin: 'wallet',
      };
      permissions.set(id, permission);
    }
    const record = {
      kind: 'update' as const,
      profileVersion: verified.payload.profile_version as number,
      changeId: verified.payload.change_id as string,
      fields: verified.fields,
      identity: typeof body.identity_token === 'string',
    };
    if (permission.status === 'withdrawn')
      return reply(410, { error: 'standing_permission_withdrawn' }, record);
    if (permission.thumbprint !== verified.thumbprint)
      return reply(400, { error: 'invalid_request' }, record);
    if (verified.fields.some((f) => !permission.fields.includes(f)))
      return reply(400, { error: 'invalid_request', error_description: 'beyond the permission' }, record);
    if (permission.changeIds.has(record.changeId)) return reply(200, { status: 'duplicate' }, record);
    permission.changeIds.add(record.changeId);
    if (record.profileVersion <= permission.appliedVersion) return reply(200, { status: 'stale' }, record);
    permission.appliedVersion = record.profileVersion;
    permission.profile = Object.fromEntries(verified.fields.map((f) => [f, verified.payload[f]]));
    return reply(200, { status: 'applied', profile_version: record.profileVersion }, record);
  });

  router.get('/request/:id', (req, res) => {
    const jwt = requestObjects.get(req.params.id);
    if (!jwt) return void res.status(404).end();
    res.type('application/oauth-authz-req+jwt').send(jwt);
  });

  router.post('/response', express.urlencoded({ extended: false, limit: '1mb' }), async (req, res) => {
    let params = req.body as Record<string, unknown>;
    if (typeof params.response === 'string') {
      const { plaintext } = await compactDecrypt(params.response, encryption.privateKey);
      params = JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, unknown>;
    }
    const session = sessions.get(String(params.state));
    const vpToken = (typeof params.vp_token === 'string' ? JSON.parse(params.vp_token) : params.vp_token) as
      Record<string, string[]> | undefined;
    const answer: Record<string, unknown> = { ...params };
    if (session && vpToken?.contact_profile?.[0]) {
      const verified = await verifyProfile(vpToken.contact_profile[0], session.nonce);
      answer.verified_fields = verified.fields;
      answer.profile_version = verified.payload.profile_version;
      const id = params.standing_permission_id;
      if (typeof id === 'string') {
        permissions.set(id, {
          id,
          thumbprint: verified.thumbprint,
          jwk: verified.jwk,
          fields: verified.fields,
          status: 'active',
          appliedVersion: verified.payload.profile_version as number,
          changeIds: new Set([verified.payload.change_id as string]),
          profile: Object.fromEntries(verified.fields.map((f) => [f, verified.payload[f]])),
          origin: 'presentation',
        });
      }
    }
    responses.push(answer);
    const hook = beforeResponseAnswer;
    beforeResponseAnswer = undefined;
    if (hook && (await hook()) === 'drop') {
      // Received and recorded, but the wallet never hears back.
      req.socket.destroy();
      return;
    }
    res.json({});
  });
  app.use(`/${name}`, router);

  const endpoints = {
    update_endpoint: `${base}/${name}/updates`,
    nonce_endpoint: `${base}/${name}/nonce`,
  };

  return {
    name,
    clientId,
    endpoints,
    permissions,
    received,
    responses,
    scripted,
    nonceCalls: () => nonceCalls,
    /** Runs `hook` before answering the next presentation response ('drop': no answer at all). */
    beforeNextResponseAnswer(hook: () => Promise<'drop' | void>) {
      beforeResponseAnswer = hook;
    },
    /** Its trust-list entry: registered for the profile, with standing-permission endpoints. */
    trustListEntry(): TrustedConsumer {
      return {
        id: name,
        name: { sv: `Konsument ${name}`, en: `Consumer ${name}` },
        client_id: clientId,
        jwks: { keys: [publicJwk as Record<string, unknown>] },
        registrations: [
          {
            purpose: { sv: 'Kontakt', en: 'Contact' },
            credentials: [
              { format: 'dc+sd-jwt', type: contactProfileVct, claims: registeredFields.map((f) => [f]) },
            ],
          },
        ],
        standing_permissions: endpoints,
      };
    },
    /** A signed request for the profile, with `standing_permission` unless told otherwise. */
    async profileRequest(options: {
      fields: string[];
      standing?: boolean;
      responseMode?: 'direct_post' | 'direct_post.jwt';
      /** Endpoints to name in `standing_permission` instead of the listed ones. */
      standingEndpoints?: { update_endpoint: string; nonce_endpoint: string };
    }) {
      const id = randomBytes(8).toString('hex');
      const nonce = randomBytes(16).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      sessions.set(state, { nonce, fields: options.fields });
      const jwt = await new SignJWT({
        client_id: clientId,
        response_type: 'vp_token',
        response_mode: options.responseMode ?? 'direct_post',
        response_uri: `${base}/${name}/response`,
        nonce,
        state,
        dcql_query: {
          credentials: [
            {
              id: 'contact_profile',
              format: 'dc+sd-jwt',
              meta: { vct_values: [contactProfileVct] },
              claims: options.fields.map((f) => ({ path: [f] })),
            },
          ],
        },
        client_metadata: {
          client_name: name,
          vp_formats_supported: {
            'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] },
          },
          jwks: { keys: [encJwk] },
          encrypted_response_enc_values_supported: ['A128GCM'],
        },
        ...(options.standing === false
          ? {}
          : {
              standing_permission: {
                credential_ids: ['contact_profile'],
                ...(options.standingEndpoints ?? endpoints),
              },
            }),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', kid })
        .setIssuedAt()
        .setAudience('https://self-issued.me/v2')
        .sign(signing.privateKey);
      requestObjects.set(id, jwt);
      return `openid4vp://?${new URLSearchParams({ client_id: clientId, request_uri: `${base}/${name}/request/${id}` })}`;
    },
    /** Down: nothing listens on the port (connection refused). */
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    /** Back on the same port. */
    async restart() {
      server = createServer(app);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
    },
  };
}

export type StandingConsumer = Awaited<ReturnType<typeof startStandingConsumer>>;
