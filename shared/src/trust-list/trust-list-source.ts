import { readFile, stat } from 'node:fs/promises';
import type { JWK } from 'jose';
import { verifyTrustList } from './sign-trust-list.js';
import type { TrustList } from './z-trust-list.js';

/**
 * Reads the signed trust list from a file and re-reads it when the file changes, so the
 * operator can publish a new list without restarting the services. A list that fails to
 * verify is never used; the last good one stays in force.
 */
export interface TrustListSource {
  get(): Promise<TrustList>;
}

export function createFileTrustListSource(options: { file: string; operatorJwk: JWK }): TrustListSource {
  let cached: { mtimeMs: number; list: TrustList } | undefined;
  return {
    async get() {
      const { mtimeMs } = await stat(options.file);
      if (cached && cached.mtimeMs === mtimeMs) return cached.list;
      const jws = await readFile(options.file, 'utf8');
      const list = await verifyTrustList({ jws, operatorJwk: options.operatorJwk });
      cached = { mtimeMs, list };
      return list;
    },
  };
}

/** A fixed list (tests, or a deployment that loads it some other way). */
export function createStaticTrustListSource(list: TrustList): TrustListSource {
  return { get: async () => list };
}
