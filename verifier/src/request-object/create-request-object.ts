import type { JWK } from 'jose';
import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import type { DataSealer } from '../crypto/data-sealer.js';
import { requestEncryptionJwk } from '../response/request-encryption-key.js';
import type { ConsumerRuntime } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { presentationEndpoints } from '../presentation-request/endpoints.js';
import { queryForWallet } from '../presentation-request/own-trust-list-authority.js';
import { standingPermissionEndpoints } from '../standing-permissions/standing-permission-endpoints.js';

/** OpenID4VP 1.0 §5.8 / RFC 9101: the request object's media type and `typ`. */
export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
/** OpenID4VP 1.0 §5.8: the static audience of a request object for a wallet without metadata. */
export const SELF_ISSUED_AUDIENCE = 'https://self-issued.me/v2';

/**
 * The JWS algorithms we advertise: fully specified names (OpenID4VP 1.0 B.3.4, RFC 9864), so
 * `Ed25519` rather than the polymorphic `EdDSA` (which is still accepted).
 */
export const ADVERTISED_ALGS = ['ES256', 'ES384', 'Ed25519'];

/** OpenID4VP 1.0 §11.1 (`vp_formats_supported`) and §8.3 (encryption parameters). */
export function createClientMetadata(
  consumer: ConsumerRuntime,
  responseMode: PresentationRequestRow['responseMode'],
  /** `direct_post.jwt`: the request's own encryption key (request-encryption-key.ts). */
  encryptionJwk?: JWK,
) {
  return {
    vp_formats_supported: {
      'dc+sd-jwt': {
        'sd-jwt_alg_values': ADVERTISED_ALGS,
        'kb-jwt_alg_values': ADVERTISED_ALGS,
      },
      jwt_vc_json: { alg_values: ADVERTISED_ALGS },
    },
    ...(responseMode === 'direct_post.jwt'
      ? {
          jwks: { keys: [encryptionJwk ?? consumer.keys.encryptionJwk] },
          encrypted_response_enc_values_supported: ['A128GCM', 'A256GCM'],
        }
      : {}),
    client_name: consumer.config.name.sv,
  };
}

/** The authorization request (OpenID4VP 1.0 §5) as the claims of the signed request object. */
export function createAuthorizationRequest(options: {
  baseUrl: string;
  consumer: ConsumerRuntime;
  row: PresentationRequestRow;
  /** OpenID4VP 1.0 §5.1: base64url transaction data strings (approval requests). */
  transactionData?: string[];
  /** §5.10: the nonce a wallet POSTed to request_uri, echoed so it knows the object is fresh. */
  walletNonce?: string;
  /** The verifier's trust list identifier, as DCQL `trusted_authorities` names it. */
  trustListUri: string;
  /** Opens the request's own encryption key. */
  sealer: DataSealer;
  /** docs/cases.md: the `case` parameter, when the consumer asks to open a case. */
  caseAsk?: Record<string, unknown>;
}) {
  const { row, consumer } = options;
  return {
    client_id: row.clientId,
    response_type: 'vp_token',
    response_mode: row.responseMode,
    response_uri: presentationEndpoints(options.baseUrl, row.id).responseUri,
    nonce: row.nonce,
    state: row.state,
    dcql_query: queryForWallet(row.dcqlQuery, options.trustListUri),
    client_metadata: createClientMetadata(
      consumer,
      row.responseMode,
      row.responseMode === 'direct_post.jwt'
        ? requestEncryptionJwk(options.sealer, consumer, row)
        : undefined,
    ),
    ...(options.transactionData?.length ? { transaction_data: options.transactionData } : {}),
    ...(options.walletNonce !== undefined ? { wallet_nonce: options.walletNonce } : {}),
    // docs/standing-permissions.md: one extra parameter; a wallet that does not know it ignores it.
    ...(row.standingPermission
      ? {
          standing_permission: {
            credential_ids: row.standingPermission.credential_ids,
            ...standingPermissionEndpoints(options.baseUrl, consumer.config.id),
          },
        }
      : {}),
    ...(options.caseAsk ? { case: options.caseAsk } : {}),
  };
}

/**
 * Signs the request object (JAR) with the consumer's key; `kid` is a verification method of its
 * DID, or, under an X.509 client identifier, `x5c` carries the access certificate that certifies
 * that same key (OpenID4VP 1.0 §5.9.3). No `iss`: OpenID4VP 1.0 §5 tells wallets to ignore it, and wallets on
 * @openid4vc/openid4vp 0.4 refuse a `kid` DID URL whose DID is not a prefix of `iss` — which the
 * prefixed client identifier never is (docs/interop.md, "Notes for other implementations").
 */
export async function signRequestObject(options: {
  baseUrl: string;
  consumer: ConsumerRuntime;
  row: PresentationRequestRow;
  now: number;
  transactionData?: string[];
  walletNonce?: string;
  trustListUri: string;
  sealer: DataSealer;
  /** The access certificate chain, when the request's client identifier is an X.509 one. */
  x5c?: string[];
  caseAsk?: Record<string, unknown>;
}): Promise<string> {
  const { consumer, row, now } = options;
  return signCompactJwt({
    header: options.x5c
      ? { alg: 'ES256', typ: REQUEST_OBJECT_TYP, x5c: options.x5c }
      : { alg: 'ES256', typ: REQUEST_OBJECT_TYP, kid: consumer.keys.signingKid },
    payload: {
      ...createAuthorizationRequest(options),
      aud: SELF_ISSUED_AUDIENCE,
      iat: now,
      exp: row.expiresAt,
    },
    // The signing seam: in process, or in the PKCS#11 token (VERIFIER_PKCS11_*).
    privateKey: consumer.keys.signing.signer,
  });
}
