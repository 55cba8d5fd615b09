import type { JWK } from 'jose';
import type {
  ClaimPath,
  ConsumerRegistration,
  TrustListV2,
  TrustedConsumer,
  TrustedCredentialType,
  TrustedIssuer,
  WalletProvider,
  X509TrustAnchorEntry,
} from './z-trust-list.js';

/**
 * What the trust-list operator does: read each registered holder's published metadata (OID4VCI
 * issuer metadata, JWT VC issuer keys, did:web document) and each registered consumer's keys,
 * and put them in one list with the operator's own decisions (who is authoritative for which
 * type, who is registered for which data and purpose).
 */
export interface ConsumerRegistrationInput {
  consumerId: string;
  purpose: { sv: string; en: string };
  /**
   * By issuer id and credential configuration id, resolved to `vct`/type from the metadata; or,
   * for a self-asserted type no issuer is authoritative for (the contact profile), by its type.
   */
  credentials: Array<RegisteredIssuedCredential | RegisteredSelfAssertedCredential>;
}

export interface RegisteredIssuedCredential {
  issuerId: string;
  credentialConfigurationId: string;
  claims: ClaimPath[];
}

export interface RegisteredSelfAssertedCredential {
  selfAsserted: { format: 'dc+sd-jwt'; type: string };
  claims: ClaimPath[];
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

async function getJson<T>(fetchFn: Fetch, url: string): Promise<T> {
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

function wellKnown(issuerUrl: string, name: string): string {
  const url = new URL(issuerUrl);
  return `${url.origin}/.well-known/${name}${url.pathname === '/' ? '' : url.pathname}`;
}

interface IssuerMetadata {
  credential_issuer: string;
  display?: Array<{ name: string; locale?: string }>;
  credential_configurations_supported: Record<
    string,
    {
      format: string;
      vct?: string;
      credential_definition?: { type: string[] };
      credential_metadata?: { display?: Array<{ name: string; locale?: string }> };
    }
  >;
}

function localized(display: Array<{ name: string; locale?: string }> | undefined, fallback: string) {
  const pick = (prefix: string) => display?.find((d) => d.locale?.startsWith(prefix))?.name;
  return { sv: pick('sv') ?? pick('en') ?? fallback, en: pick('en') ?? pick('sv') ?? fallback };
}

export async function fetchTrustedIssuer(options: {
  id: string;
  credentialIssuer: string;
  fetch?: Fetch;
}): Promise<TrustedIssuer> {
  const fetchFn = options.fetch ?? (fetch as unknown as Fetch);
  const metadata = await getJson<IssuerMetadata>(
    fetchFn,
    wellKnown(options.credentialIssuer, 'openid-credential-issuer'),
  );
  if (metadata.credential_issuer !== options.credentialIssuer) {
    throw new Error(`metadata of ${options.credentialIssuer} names another issuer`);
  }
  const keys = await getJson<{ jwks: { keys: Array<Record<string, unknown>> } }>(
    fetchFn,
    wellKnown(options.credentialIssuer, 'jwt-vc-issuer'),
  );
  const did = await getJson<{ id: string }>(fetchFn, `${options.credentialIssuer}/did.json`).catch(
    () => undefined,
  );
  const types = Object.entries(metadata.credential_configurations_supported).flatMap(
    ([id, c]): TrustedCredentialType[] => {
      const name = localized(c.credential_metadata?.display, id);
      if (c.format === 'dc+sd-jwt' && c.vct) {
        return [{ format: 'dc+sd-jwt' as const, type: c.vct, credential_configuration_id: id, name }];
      }
      const w3cType = c.credential_definition?.type.find((t) => t !== 'VerifiableCredential');
      if (c.format === 'jwt_vc_json' && w3cType) {
        return [{ format: 'jwt_vc_json' as const, type: w3cType, credential_configuration_id: id, name }];
      }
      return [];
    },
  );
  return {
    id: options.id,
    name: localized(metadata.display, options.id),
    credential_issuer: options.credentialIssuer,
    ...(did ? { did: did.id } : {}),
    jwks: keys.jwks,
    credential_types: types,
  };
}

/**
 * A wallet provider for the list: its keys from `{wallet}/.well-known/jwks.json` and, unless
 * `registerClient` is false, its OAuth client identity from `{wallet}/.well-known/wallet-client`
 * (`client_id`, `redirect_uris`), which makes it a registered client at the issuers. Listing
 * the redirect URIs is the operator's decision, as listing the keys is.
 */
export async function fetchWalletProvider(options: {
  id: string;
  name: { sv: string; en: string };
  walletUrl: string;
  registerClient?: boolean;
  fetch?: Fetch;
}): Promise<WalletProvider> {
  const fetchFn = options.fetch ?? (fetch as unknown as Fetch);
  const origin = new URL(options.walletUrl).origin;
  const jwks = await getJson<{ keys: Array<Record<string, unknown>> }>(
    fetchFn,
    `${origin}/.well-known/jwks.json`,
  );
  const provider: WalletProvider = { id: options.id, name: options.name, jwks: { keys: jwks.keys } };
  if (options.registerClient === false) return provider;
  const client = await getJson<{ client_id?: unknown; redirect_uris?: unknown }>(
    fetchFn,
    `${origin}/.well-known/wallet-client`,
  );
  if (
    typeof client.client_id !== 'string' ||
    !Array.isArray(client.redirect_uris) ||
    !client.redirect_uris.every((u) => typeof u === 'string')
  ) {
    throw new Error(`${origin}/.well-known/wallet-client does not name a client_id and redirect_uris`);
  }
  return { ...provider, client_id: client.client_id, redirect_uris: client.redirect_uris as string[] };
}

/** An operator key as the list publishes it: public members only, and a `kid` to be picked by. */
function operatorKey(key: JWK): { kty: string; kid: string; crv?: string; x?: string; y?: string } {
  if (!key.kid || !key.kty) throw new Error('an operator key in the trust list needs kty and kid');
  if (key.d !== undefined) throw new Error('an operator key in the trust list must be a public key');
  return { kty: key.kty, crv: key.crv, x: key.x, y: key.y, kid: key.kid };
}

/** How long a list is good for unless the operator says otherwise. */
export const defaultValidityMs = 24 * 3600_000;

export function buildTrustList(options: {
  operator: string;
  issuers: TrustedIssuer[];
  consumers: Array<
    Pick<TrustedConsumer, 'id' | 'name' | 'client_id' | 'jwks'> &
      Partial<Pick<TrustedConsumer, 'standing_permissions' | 'x509'>>
  >;
  registrations: ConsumerRegistrationInput[];
  /** Wallet providers whose channel verifications consumers accept. */
  walletProviders?: WalletProvider[];
  /**
   * Must rise with every list the operator publishes (rollback protection). Default: the time in
   * milliseconds, which rises as long as one publisher's clock does; an operator keeps a counter.
   */
  sequence?: number;
  issuedAt?: Date;
  /** Consumers refuse the list from this instant; default one day after `issuedAt`. */
  nextUpdate?: Date;
  /** The operator's public keys signing lists now, each with its `kid`. */
  operatorKeys?: JWK[];
  /** Keys that will sign later lists (operator key rotation, docs/trust-list.md). */
  nextOperatorKeys?: JWK[];
  /** CAs whose `x5c` chains count (docs/pki.md). */
  x509TrustAnchors?: X509TrustAnchorEntry[];
}): TrustListV2 {
  const consumers: TrustedConsumer[] = options.consumers.map((consumer) => {
    const registrations: ConsumerRegistration[] = options.registrations
      .filter((r) => r.consumerId === consumer.id)
      .map((r) => ({
        purpose: r.purpose,
        credentials: r.credentials.map((c) => {
          if ('selfAsserted' in c) return { ...c.selfAsserted, claims: c.claims };
          const issuer = options.issuers.find((i) => i.id === c.issuerId);
          const type = issuer?.credential_types.find(
            (t) => t.credential_configuration_id === c.credentialConfigurationId,
          );
          if (!type)
            throw new Error(`no credential type ${c.issuerId}/${c.credentialConfigurationId} to register`);
          return { format: type.format, type: type.type, claims: c.claims };
        }),
      }));
    return {
      id: consumer.id,
      name: consumer.name,
      client_id: consumer.client_id,
      jwks: consumer.jwks,
      registrations,
      // The consumer publishes its endpoints; listing them is the operator's decision.
      ...(consumer.standing_permissions ? { standing_permissions: consumer.standing_permissions } : {}),
      // The access certificate the consumer presents (HAIP x509_hash / x509_san_dns): the operator
      // lists it with the consumer, so wallets find the consumer by it.
      ...(consumer.x509 ? { x509: consumer.x509 } : {}),
    };
  });
  const issuedAt = options.issuedAt ?? new Date();
  return {
    version: 2,
    operator: options.operator,
    issued_at: issuedAt.toISOString(),
    next_update: (options.nextUpdate ?? new Date(issuedAt.getTime() + defaultValidityMs)).toISOString(),
    sequence: options.sequence ?? Date.now(),
    ...(options.operatorKeys?.length
      ? { operator_keys: { keys: options.operatorKeys.map(operatorKey) } }
      : {}),
    ...(options.nextOperatorKeys?.length
      ? { next_operator_keys: { keys: options.nextOperatorKeys.map(operatorKey) } }
      : {}),
    issuers: options.issuers,
    consumers,
    ...(options.walletProviders ? { wallet_providers: options.walletProviders } : {}),
    ...(options.x509TrustAnchors?.length ? { x509_trust_anchors: options.x509TrustAnchors } : {}),
  };
}
