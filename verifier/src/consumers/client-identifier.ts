import { withoutTrustAnchor } from '@min-profil/shared/pki/without-trust-anchor';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import { x509ClientId, type X509ClientIdPrefix } from '@min-profil/shared/pki/x509-client-id';
import { certificateFromBase64, ecdsaP256, exportJwk } from '@min-profil/shared/pki/x509-provider';
import type { ConsumerRuntime, VerifierContext } from '../context.js';

/**
 * The client identifier prefixes a consumer may use (OpenID4VP 1.0 §5.9.3): its did:web
 * (`decentralized_identifier`, the default) or its access certificate from a CA the trust list
 * names (`x509_hash`, which HAIP 1.0 requires, or `x509_san_dns`).
 */
export const clientIdPrefixes = ['decentralized_identifier', 'x509_hash', 'x509_san_dns'] as const;
export type ClientIdPrefix = (typeof clientIdPrefixes)[number];

export interface ClientIdentity {
  clientId: string;
  /** With an X.509 prefix: the chain the request object carries in its `x5c` header. */
  x5c?: string[];
}

const isX509Prefix = (prefix: string): prefix is X509ClientIdPrefix =>
  prefix === 'x509_hash' || prefix === 'x509_san_dns';

/**
 * The identity a new request of this consumer is made under. With an X.509 prefix the access
 * certificate must certify the consumer's request-signing key (the one in its KMS, which every
 * instance shares): a certificate for another key would only produce requests wallets refuse.
 */
export async function currentClientIdentity(
  ctx: Pick<VerifierContext, 'accessCertificates'>,
  consumer: ConsumerRuntime,
): Promise<ClientIdentity> {
  const prefix = consumer.clientIdPrefix;
  if (!isX509Prefix(prefix)) return { clientId: consumer.keys.clientId };
  const x5c = await ctx.accessCertificates.get(consumer.config.id);
  if (!x5c?.length) {
    throw new OAuthError(
      'temporarily_unavailable',
      `the consumer ${consumer.config.id} uses the ${prefix} client identifier but has no access certificate yet`,
    );
  }
  let leafKey: JWK;
  try {
    leafKey = (await exportJwk(
      await certificateFromBase64(x5c[0]!).publicKey.export(ecdsaP256, ['verify']),
    )) as JWK;
  } catch (cause) {
    throw new OAuthError('server_error', 'the access certificate cannot be read', { cause });
  }
  if ((await calculateJwkThumbprint(leafKey)) !== (await calculateJwkThumbprint(consumer.keys.signingJwk))) {
    throw new OAuthError(
      'server_error',
      `the access certificate of ${consumer.config.id} does not certify its request-signing key`,
    );
  }
  return { clientId: x509ClientId(prefix, x5c[0]!), x5c: withoutTrustAnchor(x5c) };
}

/**
 * The identity a stored request's object is signed under: the `x5c` of the access certificate
 * its `client_id` names. A request made under a certificate that has since been replaced (a new
 * hash) cannot be served any more; the consumer makes a new one.
 */
export async function requestIdentity(
  ctx: Pick<VerifierContext, 'accessCertificates'>,
  consumer: ConsumerRuntime,
  clientId: string,
): Promise<ClientIdentity> {
  const prefix = clientId.slice(0, Math.max(0, clientId.indexOf(':')));
  if (!isX509Prefix(prefix)) return { clientId };
  const current = await currentClientIdentity(ctx, { ...consumer, clientIdPrefix: prefix });
  if (current.clientId !== clientId) {
    throw new OAuthError(
      'not_found',
      'the access certificate this request was made under has been replaced; ask for a new request',
      { status: 410 },
    );
  }
  return current;
}
