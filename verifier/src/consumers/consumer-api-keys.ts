import { createHash, timingSafeEqual } from 'node:crypto';

/** Keys shorter than this are refused at start-up: 32 characters of a random key is ≥ 128 bits. */
export const minimumConsumerKeyLength = 32;

/** A configuration mistake, said in one line that names the variable and the consumer, never the key. */
export class ConsumerKeyConfigError extends Error {
  override name = 'ConsumerKeyConfigError';
}

/**
 * Refuses a missing or short consumer key. `variableFor` names where the operator set it
 * (`VERIFIER_API_KEYS` or a per-consumer variable), so the one-line error says what to change.
 */
export function checkConsumerApiKeys(
  apiKeys: Record<string, string>,
  consumerIds: readonly string[],
  variableFor: (consumerId: string) => string = () => 'VERIFIER_API_KEYS',
): void {
  for (const id of consumerIds) {
    const key = apiKeys[id];
    if (!key || key.length < minimumConsumerKeyLength)
      throw new ConsumerKeyConfigError(
        `${variableFor(id)}: the key for ${id} must be at least ${minimumConsumerKeyLength} characters`,
      );
  }
}

/** The consumer API compares SHA-256 hashes, so neither a key's length nor its bytes show in timing. */
export function hashConsumerApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function consumerApiKeyMatches(presented: string, hash: Buffer): boolean {
  return timingSafeEqual(hashConsumerApiKey(presented), hash);
}
