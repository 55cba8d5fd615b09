import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadPkcs11Module, tokenLabel, type Pkcs11TokenConfig } from '../signing/pkcs11-token.js';

/**
 * SoftHSM2 tokens for the tests and the benchmark, in a temporary token directory: never the
 * machine's own (/var/lib/softhsm). SoftHSM reads SOFTHSM2_CONF once, when the module is first
 * initialised in a process, so one directory serves a whole run (jest's global set-up makes it
 * and hands it to the workers); each test makes its own token in it, with a label of its own.
 */
export type SoftHsmToken = { ok: true; config: Pkcs11TokenConfig } | { ok: false; why: string };

const candidates = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
];

/** The SoftHSM2 module: SOFTHSM2_MODULE, else where Debian (and a source build) put it. */
export function softHsmModule(): string | undefined {
  const configured = process.env.SOFTHSM2_MODULE;
  if (configured) return existsSync(configured) ? configured : undefined;
  return candidates.find((path) => existsSync(path));
}

/** SoftHSM's configuration with its own token directory; written once per run. */
export function softHsmConfigFile(): string {
  const existing = process.env.MIN_PROFIL_SOFTHSM_DIR;
  if (existing && existsSync(join(existing, 'softhsm2.conf'))) return join(existing, 'softhsm2.conf');
  const dir = mkdtempSync(join(tmpdir(), 'min-profil-softhsm-'));
  const file = writeSoftHsmConfig(dir);
  process.env.MIN_PROFIL_SOFTHSM_DIR = dir;
  process.env.SOFTHSM2_CONF = file;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return file;
}

export function writeSoftHsmConfig(dir: string): string {
  mkdirSync(join(dir, 'tokens'), { recursive: true });
  const file = join(dir, 'softhsm2.conf');
  writeFileSync(
    file,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  return file;
}

/**
 * A new, empty token with a user PIN, made as an operator would with `softhsm2-util --init-token
 * --free`, but through PKCS#11 itself (C_InitToken on the free slot, then C_InitPIN): a module
 * already initialised in this process does not see tokens another process adds.
 */
export async function createSoftHsmToken(name = 'test'): Promise<SoftHsmToken> {
  const module = softHsmModule();
  if (!module) {
    return { ok: false, why: 'SoftHSM2 is not installed (apt-get install softhsm2; or set SOFTHSM2_MODULE)' };
  }
  softHsmConfigFile();
  let loaded;
  try {
    loaded = await loadPkcs11Module(module);
  } catch (error) {
    return { ok: false, why: `the PKCS#11 module ${module} does not load: ${(error as Error).message}` };
  }
  const { lib, p11 } = loaded;
  const free = p11
    .C_GetSlotList(true)
    .find((slot) => (p11.C_GetTokenInfo(slot).flags & lib.CKF_TOKEN_INITIALIZED) === 0);
  if (!free) return { ok: false, why: `SoftHSM2 in ${process.env.SOFTHSM2_CONF} has no free slot` };
  const label = `${name}-${randomBytes(4).toString('hex')}`.slice(0, 32);
  const soPin = randomBytes(8).toString('hex');
  const pin = randomBytes(8).toString('hex');
  p11.C_InitToken(free, soPin, label.padEnd(32, ' '));
  const session = p11.C_OpenSession(free, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION);
  try {
    p11.C_Login(session, lib.CKU_SO, soPin);
    p11.C_InitPIN(session, pin);
    p11.C_Logout(session);
  } finally {
    p11.C_CloseSession(session);
  }
  if (tokenLabel(p11.C_GetTokenInfo(free).label) !== label) {
    return { ok: false, why: 'SoftHSM2 did not keep the new token label' };
  }
  return { ok: true, config: { module, tokenLabel: label, pin } };
}
