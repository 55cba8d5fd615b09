import { readFile, stat } from 'node:fs/promises';
import type { JWK } from 'jose';
import { OAuthError } from '../errors.js';
import { acceptTrustList, trustedOperatorKeys } from './accept-trust-list.js';
import { verifyTrustListWithKeys } from './sign-trust-list.js';
import { TrustListError } from './trust-list-error.js';
import {
  createMemoryTrustListStateStore,
  type TrustListState,
  type TrustListStateStore,
} from './trust-list-state.js';
import { zTrustList, type TrustList } from './z-trust-list.js';

/**
 * Reads the signed trust list from a file and re-reads it when the file changes, so the
 * operator can publish a new list without restarting the services. A list that is refused
 * (docs/trust-list.md "Refusal rules") is never used; the last good one stays in force until
 * its own `next_update`, after which `get` fails with `temporarily_unavailable` rather than
 * trusting a stale list.
 */
export interface TrustListSource {
  get(): Promise<TrustList>;
}

export interface FileTrustListSourceOptions {
  file: string;
  /** The configured operator key(s): a JWK, or a JWK Set during a rotation. */
  operatorJwk: JWK | { keys: JWK[] };
  /** Where the highest sequence and learnt keys are kept; in memory when absent. */
  state?: TrustListStateStore;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** Told each time a newly read list is refused (the service logs it). */
  onRefused?: (error: TrustListError) => void;
}

function configuredKeys(operatorJwk: JWK | { keys: JWK[] }): JWK[] {
  return 'keys' in operatorJwk && Array.isArray(operatorJwk.keys) ? operatorJwk.keys : [operatorJwk as JWK];
}

function listOf(state: TrustListState): TrustList {
  const payload = state.jws.split('.')[1] ?? '';
  return zTrustList.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
}

function unavailable(message: string, cause?: unknown): OAuthError {
  return new OAuthError('temporarily_unavailable', `the trust list is not available: ${message}`, {
    cause,
  });
}

export function createFileTrustListSource(options: FileTrustListSourceOptions): TrustListSource {
  const store = options.state ?? createMemoryTrustListStateStore();
  const now = options.now ?? Date.now;
  const configured = configuredKeys(options.operatorJwk);
  let loaded = false;
  let state: TrustListState | undefined;
  let current: TrustList | undefined;
  /** The file version last read (accepted or refused), so each version is judged once. */
  let seen: string | undefined;
  let refusal: TrustListError | undefined;
  let pending: Promise<void> | undefined;

  async function readNewVersion(): Promise<void> {
    if (!loaded) {
      state = await store.load();
      // The last good list survives a restart even when the file now holds a refused one.
      if (state) current = listOf(state);
      loaded = true;
    }
    const version = await stat(options.file).then(
      (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
      () => 'missing',
    );
    if (version === seen) return;
    try {
      if (version === 'missing')
        throw new TrustListError('unavailable', 'the trust list file cannot be read');
      const jws = await readFile(options.file, 'utf8').catch(() => {
        throw new TrustListError('unavailable', 'the trust list file cannot be read');
      });
      const trusted = await trustedOperatorKeys({ configured, state });
      const verified = await verifyTrustListWithKeys({ jws, keys: trusted });
      const next = await acceptTrustList({ verified, jws, state, trusted, now: now() });
      // Persisted before use: after a crash the service never falls back below this sequence.
      if (next) await store.save(next);
      state = next ?? state;
      current = verified.list;
      refusal = undefined;
      seen = version;
    } catch (err) {
      // Anything else (the state file could not be written) is retried on the next read.
      if (!(err instanceof TrustListError)) throw err;
      seen = version;
      refusal = err;
      // A list not published yet (the demo starts the services first) is no refusal to report.
      if (version !== 'missing') options.onRefused?.(err);
    }
  }

  return {
    async get() {
      // One reader at a time: two requests must not judge (and persist) the same file twice.
      pending ??= readNewVersion().finally(() => {
        pending = undefined;
      });
      await pending;
      if (!current) throw unavailable(refusal?.message ?? 'no trust list has been published', refusal);
      if (current.version === 2 && Date.parse(current.next_update) <= now()) {
        const newest = refusal ? `; the newest list was refused: ${refusal.message}` : '';
        throw unavailable(
          `the list in force (sequence ${current.sequence}) passed its next_update ${current.next_update} and no newer list was accepted${newest}`,
          refusal,
        );
      }
      return current;
    },
  };
}

/** A fixed list (tests, or a deployment that loads it some other way). */
export function createStaticTrustListSource(list: TrustList): TrustListSource {
  return { get: async () => list };
}
