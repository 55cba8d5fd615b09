import { readString } from '../config.js';
import type { Pkcs11TokenConfig } from './pkcs11-token.js';

type Env = Record<string, string | undefined>;

/**
 * A service's PKCS#11 token from `<PREFIX>_PKCS11_MODULE`, `_TOKEN_LABEL` (or `_SLOT`) and
 * `_PIN`; undefined without a module (keys stay in the embedded KMS). The PIN is taken out of
 * the environment once read, so nothing later (a child process, a crash dump of env) sees it.
 */
export function readPkcs11Config(env: Env, prefix: string): Pkcs11TokenConfig | undefined {
  const module = readString(env, `${prefix}_PKCS11_MODULE`);
  if (module === undefined) return undefined;
  const tokenLabel = readString(env, `${prefix}_PKCS11_TOKEN_LABEL`);
  const slotText = readString(env, `${prefix}_PKCS11_SLOT`);
  const pin = readString(env, `${prefix}_PKCS11_PIN`);
  if (tokenLabel === undefined && slotText === undefined) {
    throw new Error(
      `${prefix}_PKCS11_MODULE is set: set ${prefix}_PKCS11_TOKEN_LABEL (or ${prefix}_PKCS11_SLOT)`,
    );
  }
  if (slotText !== undefined && !/^\d+$/.test(slotText)) {
    throw new Error(`${prefix}_PKCS11_SLOT must be a slot id (a non-negative integer)`);
  }
  if (pin === undefined) throw new Error(`${prefix}_PKCS11_MODULE is set: set ${prefix}_PKCS11_PIN`);
  delete env[`${prefix}_PKCS11_PIN`];
  return {
    module,
    ...(tokenLabel !== undefined ? { tokenLabel } : { slot: Number(slotText) }),
    pin,
  };
}
