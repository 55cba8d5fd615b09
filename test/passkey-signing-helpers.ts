import { randomUUID, webcrypto } from 'node:crypto';
import { exportJWK, type JWK } from 'jose';
import { AccountEntity, type AccountRow } from '../wallet/src/persistence/entities.js';
import { api, type ApiResponse, type WalletSession } from '../wallet/test/wallet-api.js';
import type { WalletWorld } from './wallet-harness.js';

const subtle = webcrypto.subtle;

/** A holder key as the page holds it: non-extractable, named by its wrapped key's id. */
export interface PageKey {
  id: string;
  publicJwk: JWK;
  privateKey: webcrypto.CryptoKey;
  accountId: string;
}

/**
 * The DPoP keys the page made for issuances (`dpop_key_id`), by id: `signAll` signs with them
 * too, as the page signs with every key it holds unlocked.
 */
const dpopKeys = new Map<string, PageKey>();

/** One more page key for the DPoP proofs of an issuance (keys_needed said `dpop_key`). */
export async function makePageDpopKey(world: WalletWorld, accountId: string): Promise<PageKey> {
  const [key] = await makePageKeys(world, { id: accountId } as AccountRow, 1);
  dpopKeys.set(key!.id, key!);
  return key!;
}

/** What the page does (wallet/web/src/passkeys/key-vault.ts): ES256 with a non-extractable key. */
export async function signInPage(privateKey: webcrypto.CryptoKey, signingInput: string): Promise<string> {
  const signature = await subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    privateKey,
    new TextEncoder().encode(signingInput),
  );
  return Buffer.from(signature).toString('base64url');
}

/**
 * The account's keys become the page's, as registering its first passkey makes them (the
 * server-level tests have no browser; the browser tests register a real passkey).
 */
export async function protectWithPasskey(world: WalletWorld, account: AccountRow): Promise<AccountRow> {
  const ctx = world.wallet.ctx;
  await ctx.db.dataSource
    .getRepository(AccountEntity)
    .update({ id: account.id }, { keyProtection: 'passkey' });
  return (await ctx.store.findAccount(account.id))!;
}

/**
 * Keys as the page makes them, stored as `POST /api/holder-keys` stores them (public JWK and
 * an opaque blob only the person's account key would open; that endpoint needs a browser).
 */
export async function makePageKeys(
  world: WalletWorld,
  account: AccountRow,
  count: number,
): Promise<PageKey[]> {
  const ctx = world.wallet.ctx;
  const keys: PageKey[] = [];
  for (let i = 0; i < count; i++) {
    const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    const { kty, crv, x, y } = await exportJWK(pair.publicKey as never);
    keys.push({
      id: randomUUID(),
      publicJwk: { kty, crv, x, y },
      privateKey: pair.privateKey,
      accountId: account.id,
    });
  }
  await ctx.store.insertWrappedKeys(
    keys.map((k) => ({
      id: k.id,
      accountId: account.id,
      publicJwk: k.publicJwk as Record<string, string>,
      wrappedKey: Buffer.from('opaque: only the page can unwrap this').toString('base64url'),
      iv: 'AAAAAAAAAAAAAAAA',
      createdAt: ctx.now(),
    })),
  );
  return keys;
}

/**
 * The page's first steps for an offer: `keys_needed`, then the offer again with the keys' ids
 * (and, when the issuer takes DPoP, a DPoP key the page made), which answers with the token
 * request's DPoP proof to sign; signed (once more with the issuer's DPoP nonce), the answer is
 * the issuance signing request of the credential requests (`asked`, not yet signed). `token`:
 * the token-stage answers, in order.
 */
export async function askToReceive(
  world: WalletWorld,
  session: WalletSession,
  offer: Record<string, any>,
  keys: PageKey[],
): Promise<{ needed: ApiResponse; asked: ApiResponse; dpopKey?: PageKey; token: ApiResponse[] }> {
  const wallet = world.wallet.baseUrl;
  const body = {
    offer: offer.offer_link as string,
    ...(offer.tx_code ? { tx_code: offer.tx_code as string } : {}),
  };
  const needed = await api(wallet, session, 'POST', '/api/credential-offers', body);
  const dpopKey = needed.body?.dpop_key ? await makePageDpopKey(world, keys[0]!.accountId) : undefined;
  let asked = await api(wallet, session, 'POST', '/api/credential-offers', {
    ...body,
    holder_key_ids: keys.map((k) => k.id),
    ...(dpopKey ? { dpop_key_id: dpopKey.id } : {}),
  });
  const token: ApiResponse[] = [];
  while (dpopKey && asked.status === 202 && isTokenStage(asked.body.signing_request)) {
    token.push(asked);
    asked = await signAndPost(world, session, asked.body.signing_request, [dpopKey]);
  }
  return { needed, asked, dpopKey, token };
}

/**
 * Back from a holder's sign-in (`?signing_request=`): the page signs the token request's DPoP
 * proof (again with the issuer's nonce) until the answer is the credential requests' signing
 * request, which it returns unsigned.
 */
export async function signTokenStages(
  world: WalletWorld,
  session: WalletSession,
  id: string,
): Promise<{ id: string; inputs: Array<{ key_id: string; signing_input: string }> }> {
  let signing = (await api(world.wallet.baseUrl, session, 'GET', `/api/signing-requests/${id}`)).body
    .signing_request;
  while (isTokenStage(signing)) {
    const answer = await signAndPost(world, session, signing, []);
    if (answer.status !== 202) throw new Error(`token stage: ${answer.text}`);
    signing = answer.body.signing_request;
  }
  return signing;
}

/** Whether a signing request is a token request's DPoP proof (its only input a `dpop+jwt` with no `ath`). */
export function isTokenStage(signing: { inputs: Array<{ signing_input: string }> }): boolean {
  const [header, payload] = jwtParts(signing.inputs[0]!.signing_input);
  return signing.inputs.length === 1 && header.typ === 'dpop+jwt' && payload.ath === undefined;
}

/** The decoded header and payload of a JWS signing input. */
export function jwtParts(signingInput: string): Array<Record<string, any>> {
  return signingInput.split('.').map((s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
}

/** Signs a signing request with the page's keys and posts the signatures. */
export async function signAndPost(
  world: WalletWorld,
  session: WalletSession,
  signing: { id: string; inputs: Array<{ key_id: string; signing_input: string }> },
  keys: PageKey[],
): Promise<ApiResponse> {
  return api(world.wallet.baseUrl, session, 'POST', `/api/signing-requests/${signing.id}`, {
    signatures: await signAll(signing, keys),
  });
}

/** Signs every input of a signing request with the page key it names. */
export async function signAll(
  signing: { inputs: Array<{ key_id: string; signing_input: string }> },
  keys: PageKey[],
): Promise<string[]> {
  const signatures: string[] = [];
  for (const input of signing.inputs) {
    const key = keys.find((k) => k.id === input.key_id) ?? dpopKeys.get(input.key_id);
    if (!key) throw new Error(`no page key ${input.key_id}`);
    signatures.push(await signInPage(key.privateKey, input.signing_input));
  }
  return signatures;
}

/** Receives and keeps an offer the way a passkey-protected account's page does. */
export async function receiveInPage(
  world: WalletWorld,
  session: WalletSession,
  offer: Record<string, any>,
  keys: PageKey[],
): Promise<ApiResponse> {
  const { asked } = await askToReceive(world, session, offer, keys);
  if (asked.status !== 202) throw new Error(`offer: ${asked.text}`);
  const signing = asked.body.signing_request;
  const done = await api(world.wallet.baseUrl, session, 'POST', `/api/signing-requests/${signing.id}`, {
    signatures: await signAll(signing, keys),
  });
  if (done.status !== 201) throw new Error(`signing request: ${done.text}`);
  const accepted = await api(
    world.wallet.baseUrl,
    session,
    'POST',
    `/api/credential-offers/${done.body.id}/accept`,
  );
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.text}`);
  return done;
}
