import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import type * as Pkcs11Module from 'pkcs11js';
import type { Signer } from './signer.js';

export type Pkcs11Lib = typeof Pkcs11Module;

/** Where a service's keys live: a PKCS#11 module, a token in it (by label or slot) and its user PIN. */
export interface Pkcs11TokenConfig {
  /** Path of the PKCS#11 module, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  module: string;
  /** The token's label (preferred: slot ids change when tokens are added). */
  tokenLabel?: string;
  /** The slot id, when no label is given. */
  slot?: number;
  pin: string;
}

/** A P-256 key pair inside the token, named by its CKA_ID. */
export interface TokenKey {
  /** CKA_ID, hex. */
  id: string;
  publicKey: KeyObject;
  publicJwk: JWK;
}

// DER of the P-256 curve's OID (1.2.840.10045.3.1.7): CKA_EC_PARAMS of every key we make.
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');
const LABEL_PREFIX = 'min-profil';

/**
 * One module is initialised once per process (a second C_Initialize is an error), and shared by
 * every token this process opens in it (the issuer and the verifier in one test process).
 */
const modules = new Map<string, Promise<{ lib: Pkcs11Lib; p11: Pkcs11Module.PKCS11 }>>();

/** Loads and initialises a PKCS#11 module once per process (pkcs11js is loaded only here). */
export async function loadPkcs11Module(path: string): Promise<{ lib: Pkcs11Lib; p11: Pkcs11Module.PKCS11 }> {
  let loaded = modules.get(path);
  if (!loaded) {
    loaded = (async () => {
      const lib = ((await import('pkcs11js')) as unknown as { default: Pkcs11Lib }).default;
      const p11 = new lib.PKCS11();
      p11.load(path);
      try {
        p11.C_Initialize();
      } catch (error) {
        if ((error as { code?: number }).code !== lib.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw error;
      }
      return { lib, p11 };
    })();
    modules.set(path, loaded);
    loaded.catch(() => modules.delete(path));
  }
  return loaded;
}

/**
 * A logged-in session on one token. Keys are generated inside the token as sensitive,
 * non-extractable token objects: the private half never leaves it, only its handle is held here.
 * PKCS#11 calls are synchronous, so one session serves every signature in turn: a C_SignInit and
 * its C_Sign run back to back on the event loop, with no other operation between them. A
 * session the token dropped (an HSM restarted, a network HSM reconnected) is opened again, and
 * the signature tried once more, so a service outlives its HSM's restart.
 */
export class Pkcs11Token {
  /** Bumped each time the session is opened again: key handles found before are re-found. */
  private generation = 0;

  private constructor(
    private readonly lib: Pkcs11Lib,
    private readonly p11: Pkcs11Module.PKCS11,
    private readonly config: Pkcs11TokenConfig,
    private session: Buffer,
    /** A description for errors and logs: the token's label, never the PIN. */
    readonly name: string,
  ) {}

  static async open(config: Pkcs11TokenConfig): Promise<Pkcs11Token> {
    const { lib, p11 } = await loadPkcs11Module(config.module);
    const { session, name } = openSession(lib, p11, config);
    return new Pkcs11Token(lib, p11, config, session, name);
  }

  /** Generates a P-256 key pair inside the token (private half sensitive, never extractable). */
  async generateP256Key(): Promise<TokenKey> {
    return this.retrying(() => this.generateP256KeyOnce());
  }

  private async generateP256KeyOnce(): Promise<TokenKey> {
    const { lib, p11 } = this;
    const id = randomBytes(16);
    const label = `${LABEL_PREFIX}-${id.toString('hex')}`;
    const { publicKey } = p11.C_GenerateKeyPair(
      this.session,
      { mechanism: lib.CKM_EC_KEY_PAIR_GEN },
      [
        { type: lib.CKA_CLASS, value: lib.CKO_PUBLIC_KEY },
        { type: lib.CKA_KEY_TYPE, value: lib.CKK_EC },
        { type: lib.CKA_TOKEN, value: true },
        { type: lib.CKA_VERIFY, value: true },
        { type: lib.CKA_EC_PARAMS, value: P256_PARAMS },
        { type: lib.CKA_ID, value: id },
        { type: lib.CKA_LABEL, value: label },
      ],
      [
        { type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY },
        { type: lib.CKA_KEY_TYPE, value: lib.CKK_EC },
        { type: lib.CKA_TOKEN, value: true },
        { type: lib.CKA_PRIVATE, value: true },
        { type: lib.CKA_SENSITIVE, value: true },
        { type: lib.CKA_EXTRACTABLE, value: false },
        { type: lib.CKA_SIGN, value: true },
        { type: lib.CKA_ID, value: id },
        { type: lib.CKA_LABEL, value: label },
      ],
    );
    return this.describe(id.toString('hex'), publicKey);
  }

  /** The public half of a key in the token, by CKA_ID. */
  async findKey(id: string): Promise<TokenKey> {
    return this.retrying(() => this.describe(id, this.findObject(id, this.lib.CKO_PUBLIC_KEY)));
  }

  /** Every key pair this project made in the token. */
  async listKeys(): Promise<TokenKey[]> {
    const { lib, p11 } = this;
    p11.C_FindObjectsInit(this.session, [
      { type: lib.CKA_CLASS, value: lib.CKO_PUBLIC_KEY },
      { type: lib.CKA_KEY_TYPE, value: lib.CKK_EC },
    ]);
    const handles = [];
    try {
      for (let h = p11.C_FindObjects(this.session); h; h = p11.C_FindObjects(this.session)) handles.push(h);
    } finally {
      p11.C_FindObjectsFinal(this.session);
    }
    const keys = [];
    for (const handle of handles) {
      const [label, id] = p11.C_GetAttributeValue(this.session, handle, [
        { type: lib.CKA_LABEL },
        { type: lib.CKA_ID },
      ]);
      if (!String(label.value ?? '').startsWith(LABEL_PREFIX)) continue;
      keys.push(await this.describe((id.value as Buffer).toString('hex'), handle));
    }
    return keys;
  }

  /** Destroys both halves of a key (a test's clean-up; rotation keeps old keys for verification). */
  async deleteKey(id: string): Promise<void> {
    this.p11.C_DestroyObject(this.session, this.findObject(id, this.lib.CKO_PRIVATE_KEY));
    this.p11.C_DestroyObject(this.session, this.findObject(id, this.lib.CKO_PUBLIC_KEY));
  }

  /**
   * A signer on the token's private key `id`: SHA-256 here, CKM_ECDSA in the token over the
   * digest. PKCS#11 returns ECDSA signatures as r || s, each the curve's size: exactly JWS ES256.
   */
  signer(id: string): Signer {
    const { lib, p11 } = this;
    // Found on first use, and again after the session was opened anew.
    let key: Buffer | undefined;
    let generation = this.generation;
    const signOnce = (digest: Buffer) => {
      if (!key || generation !== this.generation) {
        key = this.findObject(id, lib.CKO_PRIVATE_KEY);
        generation = this.generation;
      }
      p11.C_SignInit(this.session, { mechanism: lib.CKM_ECDSA }, key);
      return new Uint8Array(p11.C_Sign(this.session, digest, Buffer.alloc(64)));
    };
    return {
      alg: 'ES256',
      backend: 'pkcs11',
      sign: async (signingInput) => {
        const digest = createHash('sha256').update(signingInput).digest();
        return this.retrying(() => signOnce(digest));
      },
    };
  }

  /**
   * Closes the session. No C_Logout: login is per application and token, so it would log out
   * every other session of this process on the token too (another instance in the same
   * process, the trust-list script's second handle); closing the last session logs out.
   */
  close(): void {
    this.p11.C_CloseSession(this.session);
  }

  /** Runs `operation`; when the token dropped our session, opens a new one and runs it once more. */
  private async retrying<T>(operation: () => T | Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!this.sessionLost(error)) throw error;
      this.reopen();
      return operation();
    }
  }

  private sessionLost(error: unknown): boolean {
    const { lib } = this;
    return [
      lib.CKR_SESSION_HANDLE_INVALID,
      lib.CKR_SESSION_CLOSED,
      lib.CKR_USER_NOT_LOGGED_IN,
      lib.CKR_DEVICE_REMOVED,
      lib.CKR_TOKEN_NOT_PRESENT,
      lib.CKR_KEY_HANDLE_INVALID,
      lib.CKR_OBJECT_HANDLE_INVALID,
    ].includes((error as { code?: number }).code ?? -1);
  }

  /** A new session on the same token (found again by label: its slot may have changed). */
  private reopen(): void {
    try {
      this.p11.C_CloseSession(this.session);
    } catch {
      // Already gone: that is why we are here.
    }
    this.session = openSession(this.lib, this.p11, this.config).session;
    this.generation++;
  }

  private findObject(id: string, objectClass: number): Buffer {
    const { lib, p11 } = this;
    p11.C_FindObjectsInit(this.session, [
      { type: lib.CKA_CLASS, value: objectClass },
      { type: lib.CKA_ID, value: Buffer.from(id, 'hex') },
    ]);
    let handle: Buffer | null;
    try {
      handle = p11.C_FindObjects(this.session);
    } finally {
      p11.C_FindObjectsFinal(this.session);
    }
    if (!handle) throw new Error(`PKCS#11 token ${this.name} has no key ${id}`);
    return handle;
  }

  private async describe(id: string, publicHandle: Buffer): Promise<TokenKey> {
    const [point] = this.p11.C_GetAttributeValue(this.session, publicHandle, [
      { type: this.lib.CKA_EC_POINT },
    ]);
    const raw = uncompressedPoint(point.value as Buffer);
    const publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: raw.subarray(1, 33).toString('base64url'),
        y: raw.subarray(33, 65).toString('base64url'),
      },
      format: 'jwk',
    });
    return { id, publicKey, publicJwk: await exportJWK(publicKey) };
  }
}

/** Finds the configured token and opens a logged-in read-write session on it. */
function openSession(
  lib: Pkcs11Lib,
  p11: Pkcs11Module.PKCS11,
  config: Pkcs11TokenConfig,
): { session: Buffer; name: string } {
  let slot: Buffer | undefined;
  let name = '';
  for (const candidate of p11.C_GetSlotList(true)) {
    const label = tokenLabel(p11.C_GetTokenInfo(candidate).label);
    const id = candidate.readUIntLE(0, Math.min(candidate.length, 6));
    if (config.tokenLabel !== undefined ? label === config.tokenLabel : id === config.slot) {
      slot = candidate;
      name = label;
      break;
    }
  }
  if (!slot) {
    const which = config.tokenLabel !== undefined ? `label ${config.tokenLabel}` : `slot ${config.slot}`;
    throw new Error(`no PKCS#11 token with ${which} in ${config.module}`);
  }
  const session = p11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION);
  try {
    p11.C_Login(session, lib.CKU_USER, config.pin);
  } catch (error) {
    // Login is per application and token: another session of this process may have done it.
    if ((error as { code?: number }).code !== lib.CKR_USER_ALREADY_LOGGED_IN) {
      p11.C_CloseSession(session);
      throw new Error(`cannot log in to PKCS#11 token ${name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return { session, name };
}

/** Token labels are 32 bytes, padded with spaces (or, from some modules, NULs). */
export function tokenLabel(raw: string): string {
  return raw.replace(/[\s\0]+$/, '');
}

/** CKA_EC_POINT is a DER OCTET STRING around the point (PKCS#11 2.40 §2.3.3); some modules omit it. */
function uncompressedPoint(value: Buffer): Buffer {
  if (value.length === 65 && value[0] === 0x04) return value;
  if (value.length === 67 && value[0] === 0x04 && value[1] === 65 && value[2] === 0x04)
    return value.subarray(2);
  throw new Error('the token returned a public key that is not an uncompressed P-256 point');
}
