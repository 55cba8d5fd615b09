import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, type JWK } from 'jose';
import { buildTrustList } from './build-trust-list.js';
import { signTrustList } from './sign-trust-list.js';
import type { TrustListError } from './trust-list-error.js';
import { createFileTrustListSource } from './trust-list-source.js';
import { createFileTrustListStateStore } from './trust-list-state.js';
import type { TrustList, TrustedIssuer } from './z-trust-list.js';

/**
 * The trust list as a service consumes it from real files (docs/trust-list.md): freshness,
 * rollback protection that survives a restart, operator key rotation, and version 1 lists
 * still read during the change. The clock is frozen where expiry matters.
 */
interface OperatorKey {
  privateKey: KeyObject;
  jwk: JWK;
}

async function operatorKey(kid: string): Promise<OperatorKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid } };
}

function issuer(id: string): TrustedIssuer {
  return {
    id,
    name: { sv: id, en: id },
    credential_issuer: `https://issuer.example/${id}`,
    jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] },
    credential_types: [],
  };
}

const t0 = Date.parse('2026-12-01T12:00:00Z');
const hour = 3600_000;

function list(options: {
  sequence: number;
  holders: string[];
  issuedAt?: number;
  nextUpdate?: number;
  operatorKeys?: JWK[];
  nextOperatorKeys?: JWK[];
}): TrustList {
  return buildTrustList({
    operator: 'test operator',
    issuers: options.holders.map(issuer),
    consumers: [],
    registrations: [],
    sequence: options.sequence,
    issuedAt: new Date(options.issuedAt ?? t0),
    nextUpdate: new Date(options.nextUpdate ?? t0 + 24 * hour),
    operatorKeys: options.operatorKeys,
    nextOperatorKeys: options.nextOperatorKeys,
  });
}

let dir: string;
let file: string;
let stateFile: string;
let clock: number;
let refusals: TrustListError[];

/** Publishes as an operator does (docs/trust-list.md): written whole, renamed into place. */
function publishJws(jws: string): void {
  writeFileSync(`${file}.tmp`, jws);
  renameSync(`${file}.tmp`, file);
}

async function publish(trustList: TrustList, key: OperatorKey): Promise<void> {
  publishJws(await signTrustList({ trustList, privateKey: key.privateKey, kid: key.jwk.kid! }));
}

/** A service reading the list; a second one on the same state file is the service restarted. */
function service(configured: JWK | { keys: JWK[] }) {
  return createFileTrustListSource({
    file,
    operatorJwk: configured,
    state: createFileTrustListStateStore(stateFile),
    now: () => clock,
    onRefused: (err) => refusals.push(err),
  });
}

const holdersOf = async (source: ReturnType<typeof service>) => (await source.get()).issuers.map((i) => i.id);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trust-list-'));
  file = join(dir, 'trust-list.jwt');
  stateFile = join(dir, 'state', 'trust-list-state.json');
  clock = t0 + hour;
  refusals = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('trust list version 2 as a service reads it', () => {
  it('refuses a list past its next_update and keeps the last good one until that one is stale too', async () => {
    const a = await operatorKey('op-a');
    const source = service(a.jwk);
    await publish(list({ sequence: 1, holders: ['af'], nextUpdate: t0 + 2 * hour }), a);
    expect(await holdersOf(source)).toEqual(['af']);

    await publish(list({ sequence: 2, holders: ['af', 'skola'], nextUpdate: t0 + hour / 2 }), a);
    expect(await holdersOf(source)).toEqual(['af']);
    expect(refusals.map((r) => [r.code, r.message])).toEqual([
      ['stale', 'the trust list (sequence 2) is stale: its next_update 2026-12-01T12:30:00.000Z has passed'],
    ]);

    // The last good list past its own next_update is not trusted either: 503, with the reason.
    clock = t0 + 2 * hour;
    await expect(source.get()).rejects.toMatchObject({
      code: 'temporarily_unavailable',
      status: 503,
      message:
        'the trust list is not available: the list in force (sequence 1) passed its next_update ' +
        '2026-12-01T14:00:00.000Z and no newer list was accepted; the newest list was refused: ' +
        'the trust list (sequence 2) is stale: its next_update 2026-12-01T12:30:00.000Z has passed',
    });

    await publish(list({ sequence: 3, holders: ['skola'], issuedAt: clock, nextUpdate: clock + hour }), a);
    expect(await holdersOf(source)).toEqual(['skola']);
  });

  it('refuses a list naming an operator key that is not a valid public key, keeping the last good one', async () => {
    const a = await operatorKey('op-a');
    const source = service(a.jwk);
    await publish(list({ sequence: 1, holders: ['af'] }), a);
    expect(await holdersOf(source)).toEqual(['af']);
    const broken = { kty: 'EC', crv: 'P-256', kid: 'op-broken' };
    await publish(list({ sequence: 2, holders: ['skola'], operatorKeys: [a.jwk, broken] }), a);
    expect(await holdersOf(source)).toEqual(['af']);
    expect(refusals.map((r) => [r.code, r.message])).toEqual([
      ['invalid_list', 'the operator key "op-broken" is not a valid public key'],
    ]);
  });

  it('refuses a list issued in the future and a reused sequence', async () => {
    const a = await operatorKey('op-a');
    const source = service(a.jwk);
    await publish(list({ sequence: 5, holders: ['af'] }), a);
    expect(await holdersOf(source)).toEqual(['af']);
    await publish(list({ sequence: 6, holders: ['skola'], issuedAt: clock + hour }), a);
    expect(await holdersOf(source)).toEqual(['af']);
    await publish(list({ sequence: 5, holders: ['skatteverket'] }), a);
    expect(await holdersOf(source)).toEqual(['af']);
    expect(refusals.map((r) => r.code)).toEqual(['not_yet_valid', 'sequence_reused']);
  });

  it('never accepts an older sequence after a newer one, also after the service restarts', async () => {
    const a = await operatorKey('op-a');
    const older = await signTrustList({
      trustList: list({ sequence: 41, holders: ['af'] }),
      privateKey: a.privateKey,
      kid: 'op-a',
    });
    const first = service(a.jwk);
    await publish(list({ sequence: 42, holders: ['af', 'skola'] }), a);
    expect(await holdersOf(first)).toEqual(['af', 'skola']);

    publishJws(older);
    expect(await holdersOf(first)).toEqual(['af', 'skola']);
    expect(refusals.at(-1)?.message).toBe(
      "the trust list's sequence 41 is older than sequence 42, already accepted",
    );

    // Restarted with the older list in the file: the state file keeps sequence 42 and its list.
    refusals = [];
    const restarted = service(a.jwk);
    expect(await holdersOf(restarted)).toEqual(['af', 'skola']);
    expect(refusals.map((r) => r.code)).toEqual(['rollback']);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
  });

  it('rotates the operator key: A names next key B, B signs the next list, an unknown key C is refused', async () => {
    const [a, b, c] = await Promise.all([operatorKey('op-a'), operatorKey('op-b'), operatorKey('op-c')]);
    const source = service(a.jwk);
    await publish(
      list({ sequence: 1, holders: ['af'], operatorKeys: [a.jwk], nextOperatorKeys: [b.jwk] }),
      a,
    );
    expect(await holdersOf(source)).toEqual(['af']);

    // Overlap: both verify while the lists name both.
    await publish(list({ sequence: 2, holders: ['skola'], operatorKeys: [a.jwk, b.jwk] }), b);
    expect(await holdersOf(source)).toEqual(['skola']);
    await publish(list({ sequence: 3, holders: ['af', 'skola'], operatorKeys: [a.jwk, b.jwk] }), a);
    expect(await holdersOf(source)).toEqual(['af', 'skola']);

    await publish(list({ sequence: 4, holders: ['skatteverket'], operatorKeys: [c.jwk] }), c);
    expect(await holdersOf(source)).toEqual(['af', 'skola']);
    expect(refusals.map((r) => [r.code, r.message])).toEqual([
      ['unknown_operator_key', 'the trust list is signed by an unknown operator key (kid "op-c")'],
    ]);

    // B alone from here: A is retired and refused, also after a restart configured with A only.
    await publish(list({ sequence: 5, holders: ['migrationsverket'], operatorKeys: [b.jwk] }), b);
    expect(await holdersOf(source)).toEqual(['migrationsverket']);
    await publish(list({ sequence: 6, holders: ['af'], operatorKeys: [a.jwk] }), a);
    expect(await holdersOf(source)).toEqual(['migrationsverket']);
    expect(refusals.at(-1)?.code).toBe('unknown_operator_key');

    const restarted = service(a.jwk);
    await publish(list({ sequence: 7, holders: ['skola'], operatorKeys: [b.jwk] }), b);
    expect(await holdersOf(restarted)).toEqual(['skola']);
  });

  it('still reads a version 1 list, and refuses one once a version 2 list was accepted', async () => {
    const a = await operatorKey('op-a');
    // A version 1 set-up: the configured key has no kid, the list no sequence or next_update.
    const { kid: _kid, ...withoutKid } = a.jwk;
    const source = service(withoutKid);
    const v1: TrustList = {
      version: 1,
      operator: 'test operator',
      issued_at: '2026-11-29T00:00:00Z',
      issuers: [issuer('af')],
      consumers: [],
    };
    await publish(v1, a);
    expect(await holdersOf(source)).toEqual(['af']);
    // Version 1 has no next_update: it does not go stale (and has no rollback protection).
    clock += 365 * 24 * hour;
    expect(await holdersOf(source)).toEqual(['af']);

    await publish(list({ sequence: 1, holders: ['skola'], issuedAt: clock, nextUpdate: clock + hour }), a);
    expect(await holdersOf(source)).toEqual(['skola']);
    await publish({ ...v1, issuers: [issuer('skatteverket')] }, a);
    expect(await holdersOf(source)).toEqual(['skola']);
    expect(refusals.map((r) => r.code)).toEqual(['version_downgrade']);
  });
});
