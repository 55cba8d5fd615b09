import type { Request, RequestHandler } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { consumerApiKeyMatches } from '../consumers/consumer-api-keys.js';
import type { ConsumerRuntime, VerifierContext } from '../context.js';

const consumerKey = Symbol('consumer');

/** The consumer API: `Authorization: Bearer <API key>` picks the consumer the call acts as. */
export function requireConsumer(ctx: VerifierContext): RequestHandler {
  return (req, _res, next) => {
    const found = consumerOfRequest(ctx, req);
    if (!found) {
      next(
        new OAuthError('invalid_token', 'a valid consumer API key is required (Authorization: Bearer …)', {
          headers: { 'WWW-Authenticate': 'Bearer realm="verifier-consumer"' },
        }),
      );
      return;
    }
    (req as Request & { [consumerKey]?: ConsumerRuntime })[consumerKey] = found;
    next();
  };
}

/** The consumer whose API key the request carries (`Authorization: Bearer …`), if any. */
export function consumerOfRequest(
  ctx: Pick<VerifierContext, 'consumers'>,
  req: Request,
): ConsumerRuntime | undefined {
  const presented = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  if (presented === undefined) return undefined;
  let found: ConsumerRuntime | undefined;
  // Compare the key's hash with every consumer's, in constant time each, so timing says
  // neither which matched nor how long the keys are.
  for (const consumer of ctx.consumers.values()) {
    if (consumerApiKeyMatches(presented, consumer.apiKeyHash)) found = consumer;
  }
  return found;
}

export function authenticatedConsumer(req: Request): ConsumerRuntime {
  const consumer = (req as Request & { [consumerKey]?: ConsumerRuntime })[consumerKey];
  if (!consumer) throw new Error('requireConsumer did not run');
  return consumer;
}
