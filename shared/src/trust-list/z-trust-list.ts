import { z } from 'zod';

/**
 * The trust list: which data holder is authoritative for which credential type, and which
 * data consumer is registered for which data and purpose (docs/design.md, "Trust"). In the spirit
 * of an ETSI trusted list, but JSON and signed as one JWS by the trust-list operator.
 */
const zLocalized = z.object({ sv: z.string().max(300), en: z.string().max(300) });
const zJwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(20) });
const zClaimPath = z
  .array(z.union([z.string().max(100), z.number().int().nonnegative(), z.null()]))
  .min(1)
  .max(10);

export const zTrustedCredentialType = z
  .object({
    format: z.enum(['dc+sd-jwt', 'jwt_vc_json']),
    /** `vct` for dc+sd-jwt; the W3C `type` name for jwt_vc_json. */
    type: z.string().min(1).max(500),
    credential_configuration_id: z.string().max(200),
    name: zLocalized,
  })
  .loose();

export const zTrustedIssuer = z
  .object({
    id: z.string().min(1).max(100),
    name: zLocalized,
    /** The OID4VCI credential issuer identifier, also the `iss` of its SD-JWT VCs. */
    credential_issuer: z.string().url().max(500),
    /** Its did:web identifier, the `iss` of its W3C VC-JWTs. */
    did: z.string().max(500).optional(),
    jwks: zJwks,
    credential_types: z.array(zTrustedCredentialType).max(100),
  })
  .loose();

export const zConsumerRegistration = z
  .object({
    purpose: zLocalized,
    /** Each credential type the consumer may ask for, and the claims it may ask for from it. */
    credentials: z
      .array(
        z.object({
          format: z.enum(['dc+sd-jwt', 'jwt_vc_json']),
          type: z.string().max(500),
          claims: z.array(zClaimPath).max(100),
        }),
      )
      .max(50),
  })
  .loose();

/**
 * Where a consumer takes standing-permission updates (docs/standing-permissions.md). Listing it
 * also means the consumer accepts permissions a wallet starts without a request.
 */
export const zStandingPermissionEndpoints = z
  .object({
    update_endpoint: z.string().url().max(500),
    nonce_endpoint: z.string().url().max(500),
  })
  .loose();

/**
 * The access certificates through which a consumer may also be identified (HAIP 1.0, OpenID4VP 1.0
 * §5.9.3 `x509_hash` / `x509_san_dns` client identifiers). Added to version 2 as an optional member
 * (docs/trust-list.md): a consumer without it is found by `client_id` alone, as before.
 */
export const zConsumerX509Binding = z
  .object({
    /** base64url SHA-256 of a leaf certificate's DER (`x509_hash:<hash>`); several during a renewal. */
    certificate_hashes: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{43}$/))
      .max(10)
      .optional(),
    /** DNS names of its access certificate's SAN (`x509_san_dns:<name>`). */
    dns_names: z.array(z.string().min(1).max(253)).max(10).optional(),
  })
  .loose();

export const zTrustedConsumer = z
  .object({
    id: z.string().min(1).max(100),
    name: zLocalized,
    /** The OpenID4VP client identifier, with its prefix (e.g. `decentralized_identifier:did:web:…`). */
    client_id: z.string().min(1).max(500),
    /** Keys that sign its request objects. */
    jwks: zJwks,
    registrations: z.array(zConsumerRegistration).max(20),
    standing_permissions: zStandingPermissionEndpoints.optional(),
    /** Its access certificates, when its requests use an X.509 client identifier. */
    x509: zConsumerX509Binding.optional(),
  })
  .loose();

/**
 * A wallet provider whose keys sign channel verifications (`channel-verification+jwt`). With a
 * `client_id` and `redirect_uris` its wallet is also a registered OAuth client of the issuers'
 * authorization servers (docs/authorization-server.md): codes go only to those exact URIs.
 */
export const zWalletProvider = z
  .object({
    id: z.string().min(1).max(100),
    name: zLocalized,
    jwks: zJwks,
    client_id: z.string().min(1).max(200).optional(),
    redirect_uris: z.array(z.string().url().max(500)).min(1).max(20).optional(),
  })
  .loose();

/**
 * A CA whose certificates count (docs/pki.md): issuers sign credentials, verifiers requests and
 * the wallet provider attestations with keys it certified (`x5c`). Added to version 2 as an
 * optional member (docs/trust-list.md "Versions"): a consumer that does not read it trusts no
 * `x5c` chain, which is what it did before.
 */
export const zX509TrustAnchor = z
  .object({
    /** The CA certificate, standard base64 of its DER. */
    certificate: z
      .string()
      .min(100)
      .max(20000)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
    /** Where its CRL is published; when absent, the CRL distribution point in each certificate. */
    crl_uri: z.string().url().max(500).optional(),
  })
  .loose();

/** Version 1: no freshness, no sequence, one configured operator key. Read during the change to v2. */
export const zTrustListV1 = z
  .object({
    version: z.literal(1),
    operator: z.string().max(200),
    issued_at: z.string().max(40),
    issuers: z.array(zTrustedIssuer).max(1000),
    consumers: z.array(zTrustedConsumer).max(10000),
    wallet_providers: z.array(zWalletProvider).max(100).optional(),
  })
  .loose();

/** An operator public key; `kid` is what a list's JWS header names to pick it (docs/trust-list.md). */
export const zOperatorKey = z.object({ kty: z.string().max(20), kid: z.string().min(1).max(200) }).loose();
const zOperatorKeys = z.object({ keys: z.array(zOperatorKey).min(1).max(10) }).loose();
const zInstant = z.iso.datetime({ offset: true });

/**
 * Version 2 (docs/trust-list.md): `next_update` bounds how long a consumer may rely on the list,
 * `sequence` only ever rises (rollback protection), `operator_keys` and `next_operator_keys`
 * carry the operator's key rotation. Later versions add members; consumers ignore what they
 * do not know (`.loose()`).
 */
export const zTrustListV2 = z
  .object({
    version: z.literal(2),
    operator: z.string().max(200),
    issued_at: zInstant,
    next_update: zInstant,
    sequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    /** The keys that sign this operator's lists now. */
    operator_keys: zOperatorKeys.optional(),
    /** Keys that will sign later lists; a consumer trusts them from this list on. */
    next_operator_keys: zOperatorKeys.optional(),
    issuers: z.array(zTrustedIssuer).max(1000),
    consumers: z.array(zTrustedConsumer).max(10000),
    wallet_providers: z.array(zWalletProvider).max(100).optional(),
    /** The CAs whose `x5c` chains count; none: no chain does. */
    x509_trust_anchors: z.array(zX509TrustAnchor).max(20).optional(),
  })
  .loose()
  .refine((list) => Date.parse(list.next_update) > Date.parse(list.issued_at), {
    message: 'next_update must be later than issued_at',
    path: ['next_update'],
  });

export const zTrustList = z.discriminatedUnion('version', [zTrustListV1, zTrustListV2]);

export type TrustList = z.infer<typeof zTrustList>;
export type TrustListV1 = z.infer<typeof zTrustListV1>;
export type TrustListV2 = z.infer<typeof zTrustListV2>;
export type OperatorKey = z.infer<typeof zOperatorKey>;
export type TrustedIssuer = z.infer<typeof zTrustedIssuer>;
export type TrustedConsumer = z.infer<typeof zTrustedConsumer>;
export type ConsumerX509Binding = z.infer<typeof zConsumerX509Binding>;
export type ConsumerRegistration = z.infer<typeof zConsumerRegistration>;
export type ClaimPath = z.infer<typeof zClaimPath>;
export type WalletProvider = z.infer<typeof zWalletProvider>;
export type StandingPermissionEndpoints = z.infer<typeof zStandingPermissionEndpoints>;
export type TrustedCredentialType = z.infer<typeof zTrustedCredentialType>;
export type X509TrustAnchorEntry = z.infer<typeof zX509TrustAnchor>;
