import { calculateJwkThumbprint, type JWK } from 'jose';
import { TrustListError } from './trust-list-error.js';
import type { VerifiedTrustList } from './sign-trust-list.js';
import type { TrustListState } from './trust-list-state.js';

/** How far a list's `issued_at` may lie ahead of our clock (the operator's clock may run ahead). */
export const issuedAtSkewMs = 5 * 60_000;

async function thumbprint(key: JWK): Promise<string> {
  try {
    return await calculateJwkThumbprint(key, 'sha256');
  } catch {
    throw new TrustListError(
      'invalid_list',
      `the operator key ${JSON.stringify(key.kid ?? null)} is not a valid public key`,
    );
  }
}

async function uniqueKeys(keys: JWK[]): Promise<Array<{ key: JWK; thumbprint: string }>> {
  const seen = new Map<string, JWK>();
  for (const key of keys) {
    const print = await thumbprint(key);
    if (!seen.has(print)) seen.set(print, key);
  }
  return [...seen].map(([print, key]) => ({ key, thumbprint: print }));
}

/**
 * The operator keys a consumer trusts: those the last accepted list named, and the configured
 * ones (the bootstrap anchor) unless a list has retired them.
 */
export async function trustedOperatorKeys(options: {
  configured: JWK[];
  state: TrustListState | undefined;
}): Promise<JWK[]> {
  const retired = new Set(options.state?.retired ?? []);
  const keys = await uniqueKeys([...(options.state?.keys ?? []), ...options.configured]);
  return keys.filter((k) => !retired.has(k.thumbprint)).map((k) => k.key);
}

/**
 * Decides whether a verified list may replace the one in force (docs/trust-list.md "Refusal
 * rules") and returns the state to persist before using it: undefined for a version 1 list,
 * which carries neither sequence nor freshness. Throws a TrustListError naming the rule.
 */
export async function acceptTrustList(options: {
  verified: VerifiedTrustList;
  jws: string;
  state: TrustListState | undefined;
  /** The keys trusted before this list, to work out which ones it retires. */
  trusted: JWK[];
  now: number;
}): Promise<TrustListState | undefined> {
  const { list, digest, key } = options.verified;
  const { state, now } = options;
  if (list.version === 1) {
    if (state) {
      throw new TrustListError(
        'version_downgrade',
        `a version 1 trust list is refused once a version 2 list (sequence ${state.sequence}) was accepted`,
      );
    }
    return undefined;
  }
  if (Date.parse(list.issued_at) > now + issuedAtSkewMs) {
    throw new TrustListError(
      'not_yet_valid',
      `the trust list (sequence ${list.sequence}) is issued in the future (${list.issued_at})`,
    );
  }
  if (Date.parse(list.next_update) <= now) {
    throw new TrustListError(
      'stale',
      `the trust list (sequence ${list.sequence}) is stale: its next_update ${list.next_update} has passed`,
    );
  }
  if (state && list.sequence < state.sequence) {
    throw new TrustListError(
      'rollback',
      `the trust list's sequence ${list.sequence} is older than sequence ${state.sequence}, already accepted`,
    );
  }
  if (state && list.sequence === state.sequence && digest !== state.digest) {
    throw new TrustListError(
      'sequence_reused',
      `another trust list with sequence ${list.sequence} was already accepted; a new list needs a higher sequence`,
    );
  }
  // The signing key stays trusted when the list does not name its current keys.
  const named = await uniqueKeys([
    ...(list.operator_keys?.keys ?? [key]),
    ...(list.next_operator_keys?.keys ?? []),
  ]);
  const namedPrints = new Set(named.map((k) => k.thumbprint));
  const dropped = (await uniqueKeys(options.trusted))
    .map((k) => k.thumbprint)
    .filter((print) => !namedPrints.has(print));
  return {
    version: 1,
    sequence: list.sequence,
    digest,
    jws: options.jws.trim(),
    keys: named.map((k) => k.key),
    retired: [...new Set([...(state?.retired ?? []), ...dropped])],
  };
}
