import { execFile } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, type JWK } from 'jose';
import { buildTrustList } from '@min-profil/shared/trust-list/build-trust-list';
import { signTrustList } from '@min-profil/shared/trust-list/sign-trust-list';
import type { TrustList, TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { freePort, ServiceProcess } from './faults/service-process.js';

/**
 * The trust list as a running wallet reads it (docs/trust-list.md): the wallet runs as its own
 * process from its real configuration (TRUST_LIST_FILE, TRUST_LIST_OPERATOR_JWK, its state file
 * in DATA_DIR), the operator publishes signed lists into the file, and the holder catalogue
 * (`GET /api/holders`, read from the list in force) shows which list the wallet uses.
 */
const run = promisify(execFile);
const tolvan = '191212121212';
const minute = 60_000;

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

function listV2(options: {
  sequence: number;
  holders: string[];
  nextUpdate?: Date;
  issuedAt?: Date;
  operatorKeys?: JWK[];
  nextOperatorKeys?: JWK[];
}): TrustList {
  return buildTrustList({
    operator: 'test operator',
    issuers: options.holders.map(issuer),
    consumers: [],
    registrations: [],
    sequence: options.sequence,
    issuedAt: options.issuedAt ?? new Date(Date.now() - minute),
    nextUpdate: options.nextUpdate ?? new Date(Date.now() + 60 * minute),
    operatorKeys: options.operatorKeys,
    nextOperatorKeys: options.nextOperatorKeys,
  });
}

/** One wallet process with its own data directory, and the operator publishing to its list file. */
class WalletUnderTest {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'min-profil-trust-list-'));
  readonly listFile = join(this.dataDir, 'trust-list.jwt');
  env: Record<string, string> = {};
  process!: ServiceProcess;
  token = '';

  async start(operatorJwk: JWK): Promise<void> {
    const port = await freePort();
    writeFileSync(join(this.dataDir, 'operator.pub.json'), JSON.stringify(operatorJwk));
    this.env = {
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      ALLOW_INSECURE_URLS: '1',
      TRUST_LIST_FILE: this.listFile,
      TRUST_LIST_OPERATOR_JWK: join(this.dataDir, 'operator.pub.json'),
      WALLET_PORT: String(port),
      WALLET_BASE_URL: `http://127.0.0.1:${port}`,
    };
    this.process = new ServiceProcess('wallet', this.env.WALLET_BASE_URL, this.env, '/health/live');
    await this.process.start();
    const cli = await run(
      process.execPath,
      [join(process.cwd(), 'wallet', 'dist', 'cli', 'create-token.js'), tolvan],
      { env: { ...process.env, ...this.env, NODE_OPTIONS: '' } },
    );
    this.token = cli.stdout.trim();
  }

  /** As an operator publishes: written whole, then renamed into place. */
  async publish(trustList: TrustList, key: OperatorKey): Promise<void> {
    const jws = await signTrustList({ trustList, privateKey: key.privateKey, kid: key.jwk.kid! });
    writeFileSync(`${this.listFile}.tmp`, jws);
    renameSync(`${this.listFile}.tmp`, this.listFile);
  }

  async holders(): Promise<{ status: number; holders?: string[]; error?: string; description?: string }> {
    const response = await fetch(`${this.env.WALLET_BASE_URL}/api/holders`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    const body = (await response.json()) as {
      holders?: Array<{ id: string }>;
      error?: string;
      error_description?: string;
    };
    return {
      status: response.status,
      holders: body.holders?.map((h) => h.id),
      error: body.error,
      description: body.error_description,
    };
  }

  /** Polls the catalogue until `done` holds for it, with a deadline for a loaded machine. */
  async until(
    done: (answer: Awaited<ReturnType<WalletUnderTest['holders']>>) => boolean,
    what: string,
    deadlineMs = 30_000,
  ): Promise<Awaited<ReturnType<WalletUnderTest['holders']>>> {
    const deadline = Date.now() + deadlineMs;
    let last = await this.holders();
    while (!done(last)) {
      if (Date.now() > deadline) throw new Error(`${what}; last answer ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await this.holders();
    }
    return last;
  }

  /** Polls (each poll a request, so the wallet reads the file) until the wallet logged `message`. */
  async untilLogged(message: string, deadlineMs = 30_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (!this.process.output.join('').includes(message)) {
      if (Date.now() > deadline) {
        throw new Error(`wallet never logged "${message}": ${this.process.output.join('').slice(-2000)}`);
      }
      await this.holders();
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

describe('the trust list (version 2) in a running wallet', () => {
  const wallet = new WalletUnderTest();
  let a: OperatorKey;
  let b: OperatorKey;
  let c: OperatorKey;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([operatorKey('op-a'), operatorKey('op-b'), operatorKey('op-c')]);
    await wallet.start(a.jwk);
  }, 60_000);
  afterAll(() => wallet.stop());

  it('refuses a stale list and one signed by an unknown key, keeping the last good list, and follows a key rotation', async () => {
    await wallet.publish(
      listV2({ sequence: 10, holders: ['af'], operatorKeys: [a.jwk], nextOperatorKeys: [b.jwk] }),
      a,
    );
    await wallet.until((r) => r.holders?.join() === 'af', 'list 10 (key A, naming next key B) not in force');

    await wallet.publish(
      listV2({
        sequence: 11,
        holders: ['af', 'skola'],
        issuedAt: new Date(Date.now() - 120 * minute),
        nextUpdate: new Date(Date.now() - 60 * minute),
      }),
      a,
    );
    await wallet.untilLogged('trust list refused: the trust list (sequence 11) is stale: its next_update');
    expect(await wallet.holders()).toEqual({ status: 200, holders: ['af'] });

    // Rotation: B, learnt from list 10, signs list 12.
    await wallet.publish(listV2({ sequence: 12, holders: ['skola'], operatorKeys: [b.jwk] }), b);
    await wallet.until((r) => r.holders?.join() === 'skola', 'list 12 (key B) not in force');

    await wallet.publish(listV2({ sequence: 13, holders: ['skatteverket'], operatorKeys: [c.jwk] }), c);
    await wallet.untilLogged(
      'trust list refused: the trust list is signed by an unknown operator key (kid \\"op-c\\")',
    );
    expect(await wallet.holders()).toEqual({ status: 200, holders: ['skola'] });
  }, 90_000);

  it('never goes back to an older sequence, also after the wallet restarts', async () => {
    await wallet.publish(listV2({ sequence: 11, holders: ['migrationsverket'], operatorKeys: [b.jwk] }), b);
    await wallet.untilLogged("trust list refused: the trust list's sequence 11 is older than sequence 12");
    expect(await wallet.holders()).toEqual({ status: 200, holders: ['skola'] });

    // Restarted with the older list still in the file: the state file in DATA_DIR remembers 12.
    await wallet.process.stop();
    wallet.process.output.length = 0;
    await wallet.process.start();
    await wallet.untilLogged("trust list refused: the trust list's sequence 11 is older than sequence 12");
    expect(await wallet.holders()).toEqual({ status: 200, holders: ['skola'] });
  }, 90_000);

  it('answers 503 temporarily_unavailable once the list in force passes its next_update', async () => {
    const nextUpdate = new Date(Date.now() + 15_000);
    await wallet.publish(listV2({ sequence: 20, holders: ['af'], nextUpdate, operatorKeys: [b.jwk] }), b);
    await wallet.until((r) => r.holders?.join() === 'af', 'list 20 not in force before its next_update');
    const stale = await wallet.until((r) => r.status !== 200, 'list 20 still used after its next_update');
    expect(stale).toEqual({
      status: 503,
      error: 'temporarily_unavailable',
      description: `the trust list is not available: the list in force (sequence 20) passed its next_update ${nextUpdate.toISOString()} and no newer list was accepted`,
    });

    await wallet.publish(listV2({ sequence: 21, holders: ['skola'], operatorKeys: [b.jwk] }), b);
    await wallet.until((r) => r.holders?.join() === 'skola', 'list 21 not in force');
  }, 90_000);
});

describe('a wallet configured with a version 1 trust list', () => {
  const wallet = new WalletUnderTest();
  let operator: OperatorKey;

  beforeAll(async () => {
    operator = await operatorKey('op');
    // A version 1 set-up: the configured public key has no kid.
    const { kid: _kid, ...configured } = operator.jwk;
    await wallet.start(configured);
  }, 60_000);
  afterAll(() => wallet.stop());

  it('keeps working with it, moves to version 2, and then refuses version 1 (no downgrade)', async () => {
    const v1: TrustList = {
      version: 1,
      operator: 'test operator',
      issued_at: new Date().toISOString(),
      issuers: [issuer('af')],
      consumers: [],
    };
    await wallet.publish(v1, operator);
    await wallet.until((r) => r.holders?.join() === 'af', 'the version 1 list not in force');

    await wallet.publish(listV2({ sequence: 1, holders: ['skola'] }), operator);
    await wallet.until((r) => r.holders?.join() === 'skola', 'the version 2 list not in force');

    await wallet.publish({ ...v1, issuers: [issuer('skatteverket')] }, operator);
    await wallet.untilLogged('trust list refused: a version 1 trust list is refused once a version 2 list');
    expect(await wallet.holders()).toEqual({ status: 200, holders: ['skola'] });
  }, 90_000);
});
