import { api } from '../api';
import {
  createAccountKey,
  deriveWrappingKey,
  unwrapAccountKey,
  unwrapHolderKey,
  wrapAccountKey,
  type PublicJwk,
  type WrappedHolderKey,
} from './key-vault';
import {
  assertionJson,
  creationOptions,
  prfOf,
  registrationJson,
  requestOptions,
  type CreationOptionsJson,
  type RequestOptionsJson,
} from './webauthn-json';

/**
 * The passkey ceremonies of the settings screen and of unlocking (docs/passkeys.md): the
 * server verifies each ceremony; the PRF output and everything it opens stay in this page.
 */

/** The browser or the passkey has no PRF extension: it cannot protect the wallet's keys. */
export class PrfUnsupported extends Error {}

export interface UnlockedKey {
  id: string;
  publicJwk: PublicJwk;
  key: CryptoKey;
}

interface UnlockAnswer {
  passkey_id: string;
  wrapped_account_key: string | null;
  keys: Array<WrappedHolderKey & { id: string }>;
}

interface PasskeyList {
  key_protection: 'passkey' | 'service';
  passkeys: Array<{ id: string; name: string; ready: boolean }>;
}

/** One WebAuthn assertion with PRF; the server checks it and hands back the wrapped keys. */
async function assert(only?: string): Promise<{ answer: UnlockAnswer; prfOutput: ArrayBuffer }> {
  const options = await api.post<RequestOptionsJson>('/api/passkeys/unlock-options');
  const credential = (await navigator.credentials.get({
    publicKey: requestOptions(options, only),
  })) as PublicKeyCredential | null;
  if (!credential) throw new Error('no passkey was used');
  const prfOutput = prfOf(credential)?.results?.first;
  if (!prfOutput) throw new PrfUnsupported('the passkey gave no PRF output');
  const answer = await api.post<UnlockAnswer>('/api/passkeys/unlock', {
    credential: assertionJson(credential),
  });
  return { answer, prfOutput };
}

/**
 * Unlocks: the account key under this passkey's PRF-derived key, then every holder key, all
 * non-extractable. `extractable` keeps the account key wrappable (adding a passkey only).
 */
export async function unlock(
  options: { extractable?: boolean; only?: string } = {},
): Promise<{ accountKey: CryptoKey; keys: UnlockedKey[] }> {
  const { answer, prfOutput } = await assert(options.only);
  if (!answer.wrapped_account_key) throw new Error('this passkey does not yet protect the wallet');
  const wrapping = await deriveWrappingKey(prfOutput);
  const accountKey = await unwrapAccountKey(wrapping, answer.wrapped_account_key, options.extractable);
  const keys: UnlockedKey[] = [];
  for (const key of answer.keys) {
    keys.push({ id: key.id, publicJwk: key.public_jwk, key: await unwrapHolderKey(accountKey, key) });
  }
  return { accountKey, keys };
}

/**
 * Registers a passkey. The first one makes the account key; a further one needs an unlock with
 * a passkey already registered, so it wraps the same account key.
 */
export async function registerPasskey(name: string): Promise<void> {
  const list = await api.get<PasskeyList>('/api/passkeys');
  const accountKey = list.passkeys.some((p) => p.ready)
    ? (await unlock({ extractable: true })).accountKey
    : await createAccountKey();
  await addPasskey(name, accountKey);
}

/**
 * Makes a passkey and wraps the (extractable) account key under its PRF-derived key. An
 * authenticator that gives no PRF output at creation is asked once more (an assertion) for it.
 */
export async function addPasskey(name: string, accountKey: CryptoKey): Promise<void> {
  const options = await api.post<CreationOptionsJson>('/api/passkeys/registration-options');
  const credential = (await navigator.credentials.create({
    publicKey: creationOptions(options),
  })) as PublicKeyCredential | null;
  if (!credential) throw new Error('no passkey was made');
  const prf = prfOf(credential);
  if (prf?.enabled !== true && prf?.results?.first === undefined) {
    throw new PrfUnsupported('the passkey has no PRF extension');
  }
  const first = prf.results?.first;
  const wrapped = first ? await wrapAccountKey(await deriveWrappingKey(first), accountKey) : undefined;
  await api.post('/api/passkeys', {
    name,
    credential: registrationJson(credential),
    ...(wrapped ? { wrapped_account_key: wrapped } : {}),
  });
  if (wrapped) return;
  const { answer, prfOutput } = await assert(credential.id);
  await api.put(`/api/passkeys/${encodeURIComponent(answer.passkey_id)}/wrapped-account-key`, {
    wrapped_account_key: await wrapAccountKey(await deriveWrappingKey(prfOutput), accountKey),
  });
}
