import { generateKeyPairSync } from 'node:crypto';
import { encodeStatusList } from './encode-status-list.js';
import { fetchStatusListJwt } from './fetch-status-list-jwt.js';
import { StatusListCache } from './status-list-cache.js';
import { createStatusListJwt } from './status-list-jwt.js';
import { STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID } from './status-values.js';

const issuer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = { privateKey: issuer.privateKey, kid: 'status-1', alg: 'ES256' as const };
const resolveKey = async () => issuer.publicKey;
const URI = 'https://issuer.example/af/status/1';
const START = 1_750_000_000;

/** Counts calls (jest.fn is not a global in ESM mode, and @jest/globals is not a dependency). */
function counted<A extends unknown[], R>(fn: (...args: A) => R) {
  const wrapper = (...args: A): R => {
    wrapper.calls += 1;
    return fn(...args);
  };
  wrapper.calls = 0;
  return wrapper;
}

function clock() {
  const state = { now: START };
  return { state, now: () => state.now };
}

async function listJwt(options: { uri?: string; ttl?: number; exp?: number; revoked?: number[] } = {}) {
  const statuses = new Uint8Array(1024);
  for (const idx of options.revoked ?? [3]) statuses[idx] = STATUS_INVALID;
  statuses[5] = STATUS_SUSPENDED;
  return createStatusListJwt({
    uri: options.uri ?? URI,
    ...encodeStatusList({ statuses, bits: 2 }),
    ttl: options.ttl ?? 300,
    issuedAt: START,
    ...(options.exp === undefined ? {} : { expiresAt: options.exp }),
    signer,
  });
}

describe('StatusListCache', () => {
  it('fetches and decodes a list once per ttl, then again after it', async () => {
    const { state, now } = clock();
    const fetchJwt = counted(async (uri: string) => listJwt({ uri, ttl: 120 }));
    const cache = new StatusListCache({ now, resolveKey });
    expect(await cache.getStatus({ uri: URI, idx: 3, fetchJwt })).toBe(STATUS_INVALID);
    expect(await cache.getStatus({ uri: URI, idx: 4, fetchJwt })).toBe(STATUS_VALID);
    expect(await cache.getStatus({ uri: URI, idx: 5, fetchJwt })).toBe(STATUS_SUSPENDED);
    state.now += 119;
    await cache.getStatus({ uri: URI, idx: 3, fetchJwt });
    expect(fetchJwt.calls).toBe(1);
    state.now += 1;
    await cache.getStatus({ uri: URI, idx: 3, fetchJwt });
    expect(fetchJwt.calls).toBe(2);
  });

  it('never keeps a list past its exp, nor past maxTtlSeconds', async () => {
    const { state, now } = clock();
    const expiring = counted(async () => listJwt({ ttl: 100_000, exp: START + 50 }));
    const cache = new StatusListCache({ now, resolveKey, maxTtlSeconds: 3600 });
    await cache.getStatus({ uri: URI, idx: 0, fetchJwt: expiring });
    state.now = START + 50;
    await cache.getStatus({ uri: URI, idx: 0, fetchJwt: expiring });
    expect(expiring.calls).toBe(2);

    const pinned = counted(async () => listJwt({ ttl: 100_000 }));
    cache.invalidate(URI);
    state.now = START;
    await cache.getStatus({ uri: URI, idx: 0, fetchJwt: pinned });
    state.now = START + 3599;
    await cache.getStatus({ uri: URI, idx: 0, fetchJwt: pinned });
    expect(pinned.calls).toBe(1);
    state.now = START + 3600;
    await cache.getStatus({ uri: URI, idx: 0, fetchJwt: pinned });
    expect(pinned.calls).toBe(2);
  });

  it('shares one fetch between concurrent requests and caches no failure', async () => {
    const { now } = clock();
    let fail = true;
    const fetchJwt = counted(async () => {
      if (fail) throw new Error('503');
      return listJwt();
    });
    const cache = new StatusListCache({ now, resolveKey, fetchJwt });
    await expect(cache.getStatus({ uri: URI, idx: 0 })).rejects.toMatchObject({ code: 'fetch_failed' });
    fail = false;
    const results = await Promise.all([1, 2, 3, 4].map((idx) => cache.getStatus({ uri: URI, idx })));
    expect(results).toEqual([0, 0, STATUS_INVALID, 0]);
    expect(fetchJwt.calls).toBe(2);
  });

  it('keeps at most maxEntries lists, dropping the least recently used', async () => {
    const { now } = clock();
    const fetchJwt = counted(async (uri: string) => listJwt({ uri }));
    const cache = new StatusListCache({ now, resolveKey, fetchJwt, maxEntries: 2 });
    const uri = (n: number) => `${URI}/${n}`;
    await cache.getStatus({ uri: uri(1), idx: 0 });
    await cache.getStatus({ uri: uri(2), idx: 0 });
    await cache.getStatus({ uri: uri(1), idx: 0 });
    await cache.getStatus({ uri: uri(3), idx: 0 });
    expect(cache.size).toBe(2);
    await cache.getStatus({ uri: uri(1), idx: 0 });
    expect(fetchJwt.calls).toBe(3);
  });

  it('refuses a list served for another uri and an index outside the list', async () => {
    const { now } = clock();
    const cache = new StatusListCache({ now, resolveKey });
    const other = async () => listJwt({ uri: `${URI}/other` });
    await expect(cache.getStatus({ uri: URI, idx: 0, fetchJwt: other })).rejects.toMatchObject({
      code: 'sub_mismatch',
    });
    const fetchJwt = async () => listJwt();
    await expect(cache.getStatus({ uri: URI, idx: 4096, fetchJwt })).rejects.toMatchObject({
      code: 'index_out_of_range',
    });
  });
});

describe('fetchStatusListJwt', () => {
  it('asks for application/statuslist+jwt and returns the token', async () => {
    const jwt = await listJwt();
    const fetch = async (_url: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
      expect(new Headers(init?.headers).get('accept')).toBe('application/statuslist+jwt');
      return new Response(`${jwt}\n`, { headers: { 'content-type': 'application/statuslist+jwt' } });
    };
    await expect(fetchStatusListJwt({ uri: URI, fetch })).resolves.toBe(jwt);
  });

  it('refuses error answers, oversized bodies and non-HTTP uris', async () => {
    const notFound = async () => new Response('no', { status: 404 });
    await expect(fetchStatusListJwt({ uri: URI, fetch: notFound })).rejects.toMatchObject({
      code: 'fetch_failed',
    });
    const huge = async () => new Response('x'.repeat(2048));
    await expect(fetchStatusListJwt({ uri: URI, fetch: huge, maxBytes: 1024 })).rejects.toMatchObject({
      code: 'too_large',
    });
    await expect(fetchStatusListJwt({ uri: 'file:///etc/passwd' })).rejects.toMatchObject({
      code: 'fetch_failed',
    });
  });
});
