import { api } from '../api';
import { createHolderKey, unwrapHolderKey, type PublicJwk } from './key-vault';
import { unlock } from './passkey-client';
import { completeSigningRequest, isSigningRequest, type SigningRequest } from './signing-request';
import { keepUnlocked } from './unlocked-keys';

/** A passkey-protected account's first answer to an offer: how many keys the page must make. */
export interface KeysNeeded {
  state: 'keys_needed';
  keys_needed: number;
  /** The issuer binds its token to a DPoP key: the page makes that one too (RFC 9449). */
  dpop_key?: true;
}

export function isKeysNeeded(value: unknown): value is KeysNeeded {
  return (
    typeof value === 'object' && value !== null && (value as { state?: unknown }).state === 'keys_needed'
  );
}

/**
 * Makes `count` holder keys in this page (docs/passkeys.md): unlocks with the passkey, wraps
 * each new key under the account key for the server to keep, and keeps them unlocked (with the
 * others) so the proofs can be signed without a second unlock. Returns their ids.
 */
export async function makeHolderKeys(count: number): Promise<string[]> {
  const { accountKey, keys } = await unlock();
  const made = [];
  for (let i = 0; i < count; i++) made.push(await createHolderKey(accountKey));
  const stored = await api.post<{ keys: Array<{ id: string; public_jwk: PublicJwk }> }>('/api/holder-keys', {
    keys: made,
  });
  const unlocked = [...keys];
  for (const [i, key] of stored.keys.entries()) {
    unlocked.push({
      id: key.id,
      publicJwk: key.public_jwk,
      key: await unwrapHolderKey(accountKey, made[i]!),
    });
  }
  await keepUnlocked(unlocked);
  return stored.keys.map((k) => k.id);
}

/**
 * The keys an issuance asks for: the holder keys and, when the issuer takes DPoP, one more
 * that its token is bound to (its proofs are signed here too, never by the service).
 */
async function makeIssuanceKeys(
  needed: KeysNeeded,
): Promise<{ holder_key_ids: string[]; dpop_key_id?: string }> {
  const ids = await makeHolderKeys(needed.keys_needed + (needed.dpop_key ? 1 : 0));
  const holderKeyIds = ids.slice(0, needed.keys_needed);
  return needed.dpop_key
    ? { holder_key_ids: holderKeyIds, dpop_key_id: ids.at(-1)! }
    : { holder_key_ids: holderKeyIds };
}

/**
 * `POST /api/credential-offers` as this page does it: for a passkey-protected account the
 * keys are made here and the issuer's proofs signed here (a signing request of kind
 * `issuance`). Returns the offer's preview, or the first answer when it is neither step: an
 * offer with the authorization_code grant answers `authorization_required` (after the keys,
 * whose ids then stay with the fetch), and the proofs are signed back from the issuer
 * (`completeHolderFetch`).
 */
export async function receiveOffer<T>(body: {
  offer: string;
  tx_code?: string;
  return_to?: string;
}): Promise<T> {
  let answer = await api.post<T | KeysNeeded | SigningRequest>('/api/credential-offers', body);
  if (isKeysNeeded(answer)) {
    answer = await api.post<T | SigningRequest>('/api/credential-offers', {
      ...body,
      ...(await makeIssuanceKeys(answer)),
    });
  }
  return isSigningRequest(answer) ? completeSigningRequest<T>(answer) : (answer as T);
}

/**
 * `POST /api/holders/{id}/fetch` as this page does it: for a passkey-protected account the keys
 * are made here before the person leaves for the holder (their ids stay with the fetch), so
 * the holder's credential is bound to them. Returns the wallet's start URL to open.
 */
export async function startHolderFetch(
  holderId: string,
  body: { credential_configuration_id: string; return_to: string },
): Promise<string> {
  const path = `/api/holders/${encodeURIComponent(holderId)}/fetch`;
  let answer = await api.post<{ authorization_url: string } | KeysNeeded>(path, body);
  if (isKeysNeeded(answer)) {
    answer = await api.post<{ authorization_url: string } | KeysNeeded>(path, {
      ...body,
      ...(await makeIssuanceKeys(answer)),
    });
  }
  if (isKeysNeeded(answer)) throw new Error('the wallet asked for keys twice');
  return answer.authorization_url;
}

/**
 * Back from the holder with `?signing_request=<id>`: reads what to sign, signs the issuer's
 * proofs with the keys made before leaving (unlocking with the passkey when needed) and
 * completes the fetch; returns the offer as kept.
 */
export async function completeHolderFetch<T>(signingRequestId: string): Promise<T> {
  const request = await api.get<SigningRequest>(
    `/api/signing-requests/${encodeURIComponent(signingRequestId)}`,
  );
  return completeSigningRequest<T>(request);
}
