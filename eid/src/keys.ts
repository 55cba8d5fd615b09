import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Database } from '@min-profil/shared/db';
import { loadOrStoreProviderSecret } from './persistence/index.js';

/**
 * The provider's signing keys and cookie keys: generated on first start and kept in the
 * service's database (on the demo's SQLite default that is ./data/eid.sqlite), so restarts
 * and several instances sign with the same keys and read each other's cookies.
 *
 * ID tokens are signed with RS256 (what the Swedish OIDC profile requires every OP to
 * support); the ES256 key is there for clients that register `id_token_signed_response_alg`.
 */
export interface ProviderJwks {
  keys: JWK[];
}

export async function loadOrCreateSigningKeys(database: Database): Promise<ProviderJwks> {
  const stored = await loadOrStoreProviderSecret(database, 'jwks', async () =>
    JSON.stringify(await createSigningKeys()),
  );
  return JSON.parse(stored) as ProviderJwks;
}

export async function loadOrCreateCookieKeys(database: Database): Promise<string[]> {
  const stored = await loadOrStoreProviderSecret(database, 'cookie_keys', async () =>
    JSON.stringify([randomBytes(32).toString('base64url')]),
  );
  return JSON.parse(stored) as string[];
}

/** The key the account ids and pairwise subjects are derived from (see accounts.ts). */
export async function loadOrCreateSubjectKey(database: Database): Promise<Buffer> {
  const stored = await loadOrStoreProviderSecret(database, 'subject_key', async () =>
    randomBytes(32).toString('base64url'),
  );
  return Buffer.from(stored, 'base64url');
}

/** A fresh private JWKS: one RS256 key and one ES256 key, each with a thumbprint `kid`. */
export async function createSigningKeys(): Promise<ProviderJwks> {
  const keys = await Promise.all(
    (['RS256', 'ES256'] as const).map(async (alg) => {
      const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
      const jwk = await exportJWK(privateKey);
      return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
    }),
  );
  return { keys };
}
