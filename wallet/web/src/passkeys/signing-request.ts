import { api } from '../api';
import { signJws } from './key-vault';
import { unlock, type UnlockedKey } from './passkey-client';
import { keepUnlocked, unlockedKeys } from './unlocked-keys';

/**
 * How long unlocked keys stay usable without a signature or an unlock (docs/passkeys.md; the
 * server setting `WALLET_KEY_IDLE_SECONDS` is still to come).
 */
const idleMs = 15 * 60 * 1000;

/** The `202` answer of an operation that needs a signature only this page can make. */
export interface SigningRequest {
  signing_request: {
    id: string;
    kind: 'presentation' | 'issuance';
    expires_at: string;
    inputs: Array<{ key_id: string; alg: 'ES256'; signing_input: string }>;
  };
}

export function isSigningRequest(value: unknown): value is SigningRequest {
  return typeof value === 'object' && value !== null && 'signing_request' in value;
}

/**
 * Signs each input with the unlocked holder key it names (unlocking with the passkey when the
 * keys are locked or one is missing) and completes the operation; returns its final answer.
 */
export async function completeSigningRequest<T>(request: SigningRequest): Promise<T> {
  const { id, inputs } = request.signing_request;
  const covers = (keys: UnlockedKey[] | null): keys is UnlockedKey[] =>
    keys !== null && inputs.every((i) => keys.some((k) => k.id === i.key_id));
  let keys = await unlockedKeys(idleMs);
  if (!covers(keys)) {
    keys = (await unlock()).keys;
    await keepUnlocked(keys);
  }
  if (!covers(keys)) throw new Error('this wallet’s passkey does not open the key asked for');
  const signatures: string[] = [];
  for (const input of inputs) {
    signatures.push(await signJws(keys.find((k) => k.id === input.key_id)!.key, input.signing_input));
  }
  return api.post<T>(`/api/signing-requests/${encodeURIComponent(id)}`, { signatures });
}
