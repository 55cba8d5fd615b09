import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import { z } from 'zod';

/**
 * What a consumer of the trust list remembers across restarts (docs/trust-list.md "Rollback
 * protection"): the highest version 2 sequence it accepted, that list itself (the last good list,
 * still in force after a restart when the file is refused), the operator keys it learnt, and the
 * keys a list retired.
 */
export const zTrustListState = z.object({
  version: z.literal(1),
  sequence: z.number().int().positive(),
  /** SHA-256 of the accepted list's payload: the same list may be read again, another may not. */
  digest: z.string(),
  jws: z.string(),
  keys: z.array(z.record(z.string(), z.unknown())),
  /** RFC 7638 thumbprints of operator keys a later list no longer names: never trusted again. */
  retired: z.array(z.string()),
});
export type TrustListState = Omit<z.infer<typeof zTrustListState>, 'keys'> & { keys: JWK[] };

export interface TrustListStateStore {
  load(): Promise<TrustListState | undefined>;
  save(state: TrustListState): Promise<void>;
}

/** Kept in memory only: rollback protection for the life of the process (tests, embedders). */
export function createMemoryTrustListStateStore(): TrustListStateStore {
  let state: TrustListState | undefined;
  return {
    load: async () => state,
    save: async (next) => {
      state = next;
    },
  };
}

/**
 * A JSON file in the service's data directory, written whole and renamed into place, so a crash
 * leaves the old state or the new, never half of one. A file that cannot be read fails closed:
 * deleting it is the operator's explicit choice to start over without rollback protection.
 */
export function createFileTrustListStateStore(file: string): TrustListStateStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      const parsed = zTrustListState.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`the trust-list state file ${file} is malformed`);
      return parsed.data as TrustListState;
    },
    async save(state) {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
      await rename(temporary, file);
    },
  };
}
