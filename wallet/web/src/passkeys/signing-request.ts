import { api } from '../api';
import { signJws } from './key-vault';
import { unlock, type UnlockedKey } from './passkey-client';
import { keepUnlocked, unlockedKeys } from './unlocked-keys';

/**
 * How long unlocked keys stay usable without a signature or an unlock (docs/passkeys.md): the
 * server's `WALLET_KEY_IDLE_SECONDS`, told in `GET /api/session`; 15 minutes until it has.
 */
let idleMs = 15 * 60 * 1000;

export function setKeyIdleSeconds(seconds: number | undefined): void {
  if (typeof seconds === 'number' && seconds >= 0) idleMs = seconds * 1000;
}

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
 * Signs each input with the unlocked key it names (a holder key or the issuance's DPoP key;
 * unlocking with the passkey when the keys are locked or one is missing) and completes the
 * operation. An issuance whose token is bound to the page's DPoP key takes several steps (the
 * token request's proof, then the credential requests', and again after a DPoP nonce): each
 * answer that is another signing request is signed in turn. Returns the final answer.
 */
export async function completeSigningRequest<T>(request: SigningRequest): Promise<T> {
  let answer: T | SigningRequest = request;
  // Bounded: a token, the credential requests, and a nonce retry for each.
  for (let step = 0; step < 6 && isSigningRequest(answer); step++) {
    answer = await signOnce<T | SigningRequest>(answer);
  }
  if (isSigningRequest(answer)) throw new Error('the wallet asked for too many signatures');
  return answer;
}

/**
 * A deferred credential whose token is bound to this page's DPoP key: asked for only while the
 * page is open and its keys are unlocked (docs/passkeys.md). Locked, and not told to unlock:
 * `locked`, and nothing is asked of the issuer. Otherwise the poll's DPoP proofs are signed here.
 */
export async function pollInPage<T>(offerId: string, options: { unlock: boolean }): Promise<T | 'locked'> {
  if (!options.unlock && (await unlockedKeys(idleMs)) === null) return 'locked';
  const answer = await api.post<T | SigningRequest>(
    `/api/credential-offers/${encodeURIComponent(offerId)}/poll`,
  );
  return isSigningRequest(answer) ? completeSigningRequest<T>(answer) : answer;
}

async function signOnce<T>(request: SigningRequest): Promise<T> {
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
