import type { StatusListView } from './decode-status-list.js';
import { fetchStatusListJwt } from './fetch-status-list-jwt.js';
import { StatusListError } from './status-list-error.js';
import { verifyStatusListJwt, type VerifyStatusListJwtOptions } from './status-list-jwt.js';

type ResolveKey = VerifyStatusListJwtOptions['resolveKey'];
type FetchJwt = (uri: string) => Promise<string>;

export interface StatusListCacheOptions {
  /** Used when `getStatus` is given none; default an HTTP GET (`fetchStatusListJwt`). */
  fetchJwt?: FetchJwt;
  resolveKey?: ResolveKey;
  /** Cache time for a list without `ttl`; default 300 s. */
  defaultTtlSeconds?: number;
  /** Upper bound on any list's `ttl`, so a hostile list cannot pin itself; default 1 day. */
  maxTtlSeconds?: number;
  /** Lists kept at most (least recently used leaves first); default 100. */
  maxEntries?: number;
  /** Seconds; tests freeze it. */
  now?: () => number;
  limits?: VerifyStatusListJwtOptions['limits'];
}

interface Entry {
  list: StatusListView;
  expiresAt: number;
}

/**
 * The verifier's status-list cache: each list is fetched, verified and decoded once per `ttl`
 * (Token Status List, "Caching"), so the hot path is one map lookup and a bit shift. Concurrent
 * requests for the same list share one fetch. Failures are not cached.
 */
export class StatusListCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  /** The newest `iat` seen per list, kept after its entry leaves the cache (rollback protection). */
  private readonly newestIat = new Map<string, number>();
  private mostRecent: string | undefined;
  private readonly options: StatusListCacheOptions;

  constructor(options: StatusListCacheOptions = {}) {
    this.options = options;
  }

  /** The status at `idx` of the list at `uri` (`STATUS_VALID`, `STATUS_INVALID`, ...). */
  async getStatus(args: {
    uri: string;
    idx: number;
    fetchJwt?: FetchJwt;
    resolveKey?: ResolveKey;
  }): Promise<number> {
    const list = await this.getList(args);
    return list.get(args.idx);
  }

  /**
   * The status at `idx` when the list at `uri` is cached and fresh, else `undefined` (then call
   * `getStatus`). Synchronous: the verifier's hot path costs no promise for a cached list.
   */
  peekStatus(uri: string, idx: number): number | undefined {
    const cached = this.entries.get(uri);
    if (cached === undefined || cached.expiresAt <= this.now()) return undefined;
    this.touch(uri, cached);
    return cached.list.get(idx);
  }

  /** Marks an entry most recently used (Map order is insertion order). */
  private touch(uri: string, entry: Entry): void {
    if (this.mostRecent === uri) return; // already last: the common case of one hot list
    this.entries.delete(uri);
    this.entries.set(uri, entry);
    this.mostRecent = uri;
  }

  async getList(args: {
    uri: string;
    fetchJwt?: FetchJwt;
    resolveKey?: ResolveKey;
  }): Promise<StatusListView> {
    const now = this.now();
    const cached = this.entries.get(args.uri);
    if (cached !== undefined && cached.expiresAt > now) {
      this.touch(args.uri, cached);
      return cached.list;
    }
    let pending = this.inflight.get(args.uri);
    if (pending === undefined) {
      pending = this.load(args).finally(() => this.inflight.delete(args.uri));
      this.inflight.set(args.uri, pending);
    }
    return (await pending).list;
  }

  invalidate(uri: string): void {
    this.entries.delete(uri);
    if (this.mostRecent === uri) this.mostRecent = undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  private now(): number {
    return this.options.now?.() ?? Math.floor(Date.now() / 1000);
  }

  private async load(args: { uri: string; fetchJwt?: FetchJwt; resolveKey?: ResolveKey }): Promise<Entry> {
    const resolveKey = args.resolveKey ?? this.options.resolveKey;
    if (resolveKey === undefined) {
      throw new StatusListError('key_unresolved', 'no resolveKey for status lists');
    }
    const fetchJwt = args.fetchJwt ?? this.options.fetchJwt ?? ((uri: string) => fetchStatusListJwt({ uri }));
    let jwt: string;
    try {
      jwt = await fetchJwt(args.uri);
    } catch (cause) {
      if (cause instanceof StatusListError) throw cause;
      throw new StatusListError('fetch_failed', 'fetching the status list failed', { cause });
    }
    const now = this.now();
    const verified = await verifyStatusListJwt({
      jwt,
      expectedUri: args.uri,
      resolveKey,
      now,
      limits: this.options.limits,
    });
    // An older token than one already seen would undo a revocation (a replay by whoever sits on
    // the path, or a stale cache in front of the issuer): refused, as an older trust list is.
    const newest = this.newestIat.get(args.uri);
    if (newest !== undefined && verified.iat < newest) {
      throw new StatusListError(
        'rollback',
        `the status list token was issued before one already seen (iat ${verified.iat} < ${newest})`,
      );
    }
    this.newestIat.delete(args.uri);
    this.newestIat.set(args.uri, verified.iat);
    for (const oldest of this.newestIat.keys()) {
      if (this.newestIat.size <= (this.options.maxEntries ?? 100) * 10) break;
      this.newestIat.delete(oldest);
    }
    const ttl = Math.min(
      verified.ttl ?? this.options.defaultTtlSeconds ?? 300,
      this.options.maxTtlSeconds ?? 86_400,
    );
    const entry = { list: verified.list, expiresAt: Math.min(now + ttl, verified.exp ?? Infinity) };
    this.entries.delete(args.uri);
    this.entries.set(args.uri, entry);
    this.mostRecent = args.uri;
    const maxEntries = this.options.maxEntries ?? 100;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= maxEntries) break;
      this.entries.delete(oldest);
    }
    return entry;
  }
}
