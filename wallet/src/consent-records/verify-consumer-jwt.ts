import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';

/** Why a consumer's signed answer was not taken; a reason code for the log, never content. */
export class ConsumerJwtRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ConsumerJwtRefused';
  }
}

/**
 * A JWT the consumer `clientId` signed with its request-object key, as the trust list names
 * its keys (the key that made its requests trustworthy): the payload when `typ` is `typ`,
 * the signature verifies with one of them and `iss` is that client identifier.
 */
export async function verifyConsumerJwt(
  ctx: Pick<WalletContext, 'trustList'>,
  clientId: string,
  jwt: string,
  typ: string,
): Promise<Record<string, unknown>> {
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jwt) as Record<string, unknown>;
    payload = decodeJwt(jwt) as Record<string, unknown>;
  } catch {
    throw new ConsumerJwtRefused('malformed');
  }
  if (header.typ !== typ) throw new ConsumerJwtRefused('wrong_typ');
  if (payload.iss !== clientId) throw new ConsumerJwtRefused('wrong_issuer');
  const consumer = findConsumer(await ctx.trustList.get(), clientId);
  if (!consumer) throw new ConsumerJwtRefused('unknown_consumer');
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const keys = (consumer.jwks.keys as JWK[]).filter(
    (k) => kid === undefined || k.kid === undefined || k.kid === kid,
  );
  for (const jwk of keys) {
    try {
      await compactVerify(jwt, await importJWK(jwk, 'ES256'), { algorithms: ['ES256'] });
      return payload;
    } catch {
      // the next key
    }
  }
  throw new ConsumerJwtRefused('bad_signature');
}
