import type { JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { exportDpopKey, importDpopKey, type DpopKey } from '../crypto/dpop-key.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import type { WrappedKeyRow } from '../persistence/passkey-entities.js';
import type { SigningRequestRow } from '../persistence/signing-request-entities.js';
import { DpopProofNeeded, dpopSigningInput, pageDpopSigner } from '../crypto/page-dpop.js';
import { completeTokenInPage, type TokenStageContinuation } from './page-token.js';
import { completeDeferredInPage, type DeferredStageContinuation } from './deferred-in-page.js';
import { createSigningRequest } from '../signing-requests/signing-request.js';
import { toIssuerError } from './issuer-errors.js';
import {
  attestKeys,
  configurationOf,
  copiesPerRequest,
  createIssuerClient,
  freshNonce,
  newOfferId,
  planCredentialRequests,
  sendAndVerify,
  type IssuerSession,
  type ReceivedCredential,
  type SignerKey,
} from './receive-credentials.js';
import { storeReceived } from './store-received.js';
import { keepFetched } from '../holders/keep-fetched.js';

/**
 * Issuance signed in the page (docs/passkeys.md, "Signing in the page"): for a passkey-protected
 * account the page makes the holder keys, the server builds each proof JWT's header and payload
 * exactly as the OID4VCI client's `createCredentialRequestJwtProof` would, the page signs, and
 * only then is the credential request sent. When the issuer takes DPoP the DPoP key is the
 * page's too: the token request's proof is signed in a first signing request (page-token.ts),
 * and each credential request's DPoP proof beside its proofs in the second.
 */

/** The page's DPoP key (a wrapped key's id) and the nonce its next proofs carry. */
export interface PageDpop {
  keyId: string;
  nonce?: string;
}

/**
 * Versions 1 and 2 (before DPoP in the page): the DPoP key is service-held, a private JWK.
 * Still completed, for signing requests made before the upgrade (at most five minutes old).
 */
interface ServiceDpopContinuation {
  /** 2 added `holderFetch`. */
  version: 1 | 2;
  credentialIssuer: string;
  accessToken: string;
  /** The token's DPoP key (private JWK, service-held) and the issuer's last DPoP nonce. */
  dpop?: { key: JWK; nonce?: string };
  requests: Array<{ configurationId: string; identifier?: string; keyIds: string[] }>;
  holderFetch?: true;
}

/** Version 3, after the token: the credential requests, their proofs and DPoP proofs by the page. */
interface CredentialStageContinuation {
  version: 3;
  stage: 'credentials';
  credentialIssuer: string;
  accessToken: string;
  /** Absent for a bearer token (an issuer without DPoP). */
  dpop?: PageDpop;
  /** Per credential request: its configuration, identifier, and the page's keys, in input order. */
  requests: Array<{ configurationId: string; identifier?: string; keyIds: string[] }>;
  /**
   * After `use_dpop_nonce` at the credential endpoint: the proofs the page already signed for
   * `requests` (the ones still to send), so that only their DPoP proofs are signed again, and
   * what was received before.
   */
  signedProofs?: string[][];
  received?: ReceivedCredential[];
  /**
   * Fetched by signing in at the holder (`/oid4vci/callback`): kept at once when it names the
   * person, as a service-signed fetch is (holders/keep-fetched.ts), not a preview.
   */
  holderFetch?: true;
}

/** What the server continues with once the page has signed (sealed in the signing request). */
export type IssuanceContinuation =
  ServiceDpopContinuation | CredentialStageContinuation | TokenStageContinuation | DeferredStageContinuation;

const jsonSegment = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** How many keys the page makes for an offer: one per batch copy of each configuration. */
export function keysNeeded(
  ctx: WalletContext,
  session: Pick<IssuerSession, 'issuerMetadata'>,
  configurationIds: string[],
) {
  return configurationIds.length * copiesPerRequest(ctx, session.issuerMetadata);
}

/**
 * The page's keys named in the request: each one of this account's wrapped keys, none twice.
 * Checked before the issuer's one-time code is redeemed.
 */
export async function loadPageKeys(
  ctx: WalletContext,
  account: AccountRow,
  keyIds: string[],
): Promise<WrappedKeyRow[]> {
  if (new Set(keyIds).size !== keyIds.length) {
    throw new OAuthError('invalid_request', 'holder_key_ids names a key twice');
  }
  const keys: WrappedKeyRow[] = [];
  for (const id of keyIds) {
    const key = await ctx.store.findWrappedKey(account.id, id);
    if (!key) {
      throw new OAuthError(
        'invalid_request',
        'holder_key_ids names a key this account does not hold (make it with POST /api/holder-keys)',
      );
    }
    keys.push(key);
  }
  return keys;
}

/**
 * With the access token in hand: one nonce and key attestation (`passkey`) per credential
 * request, and the proof JWTs' signing inputs for the page, followed (for a DPoP-bound token)
 * by one DPoP proof per credential request by the page's DPoP key. Nothing goes to the
 * credential endpoint yet; the answer is a signing request of kind `issuance`.
 */
export async function startIssuanceInPage(
  ctx: WalletContext,
  account: AccountRow,
  options: {
    session: Pick<IssuerSession, 'client' | 'issuerMetadata'>;
    accessToken: string;
    configurationIds: string[];
    authorizationDetails?: unknown;
    cNonce?: string;
    clientIdInProof?: string;
    keys: WrappedKeyRow[];
    /** The page's DPoP key the token is bound to, and the issuer's last nonce; absent: bearer. */
    dpop?: PageDpop & { publicJwk: JWK };
    /**
     * A token bound to a service-held DPoP key: only for a fetch at a holder started before DPoP
     * moved to the page (no `dpop_key_id` kept); sealed as version 2, as it was then.
     */
    serviceDpop?: { key: DpopKey; nonce?: string };
    /** From a fetch at a holder: kept at once on completion (IssuanceContinuation). */
    holderFetch?: boolean;
  },
): Promise<SigningRequestRow> {
  const { session, keys } = options;
  const { issuerMetadata } = session;
  const credentialIssuer = issuerMetadata.credentialIssuer.credential_issuer;
  const planned = planCredentialRequests(options.configurationIds, options.authorizationDetails);
  if (keys.length < planned.length) {
    throw new OAuthError(
      'invalid_request',
      `the issuer grants ${planned.length} credential(s); make at least that many holder keys and start again`,
    );
  }
  const copies = Math.min(copiesPerRequest(ctx, issuerMetadata), Math.floor(keys.length / planned.length));
  const inputs: SigningRequestRow['inputs'] = [];
  const requests: CredentialStageContinuation['requests'] = [];
  for (const [n, { configurationId, identifier }] of planned.entries()) {
    configurationOf(issuerMetadata, configurationId);
    const mine = keys.slice(n * copies, (n + 1) * copies);
    const jwks = mine.map(({ publicJwk: { kty, crv, x, y } }) => ({ kty, crv, x, y }) as JWK);
    const nonce = await freshNonce({ ...session, signingKeys: [] }, options.cNonce);
    const keyAttestationJwt = await attestKeys(ctx, {
      issuerMetadata,
      configurationId,
      keys: jwks,
      nonce,
      // Made in the person's browser, unwrapped only by their passkey (docs/passkeys.md#key-attestation).
      protection: 'passkey',
    });
    for (const [i, key] of mine.entries()) {
      // As @openid4vc/openid4vci's createCredentialRequestJwtProof builds it (OID4VCI 1.0 §8.2.1.1).
      const header = {
        alg: 'ES256',
        jwk: jwks[i],
        ...(keyAttestationJwt ? { key_attestation: keyAttestationJwt } : {}),
        typ: 'openid4vci-proof+jwt',
      };
      const payload = {
        ...(nonce ? { nonce } : {}),
        aud: credentialIssuer,
        iat: ctx.now(),
        ...(options.clientIdInProof ? { iss: options.clientIdInProof } : {}),
      };
      inputs.push({ keyId: key.id, signingInput: `${jsonSegment(header)}.${jsonSegment(payload)}` });
    }
    requests.push({ configurationId, ...(identifier ? { identifier } : {}), keyIds: mine.map((k) => k.id) });
  }
  if (options.serviceDpop) {
    const { key, nonce } = options.serviceDpop;
    const legacy: ServiceDpopContinuation = {
      version: 2,
      credentialIssuer,
      accessToken: options.accessToken,
      dpop: { key: exportDpopKey(key), ...(nonce ? { nonce } : {}) },
      requests,
      ...(options.holderFetch ? { holderFetch: true as const } : {}),
    };
    return createSigningRequest(ctx, account, 'issuance', inputs, legacy);
  }
  const dpop = options.dpop;
  if (dpop)
    inputs.push(...credentialDpopInputs(ctx, issuerMetadata, requests.length, options.accessToken, dpop));
  const continuation: CredentialStageContinuation = {
    version: 3,
    stage: 'credentials',
    credentialIssuer,
    accessToken: options.accessToken,
    ...(dpop ? { dpop: { keyId: dpop.keyId, ...(dpop.nonce ? { nonce: dpop.nonce } : {}) } } : {}),
    requests,
    ...(options.holderFetch ? { holderFetch: true as const } : {}),
  };
  return createSigningRequest(ctx, account, 'issuance', inputs, continuation);
}

/** One DPoP proof per credential request (RFC 9449 §7: `ath` of the token, the issuer's nonce). */
function credentialDpopInputs(
  ctx: WalletContext,
  issuerMetadata: IssuerSession['issuerMetadata'],
  count: number,
  accessToken: string,
  dpop: PageDpop & { publicJwk: JWK },
): SigningRequestRow['inputs'] {
  const url = issuerMetadata.credentialIssuer.credential_endpoint;
  return Array.from({ length: count }, () => ({
    keyId: dpop.keyId,
    signingInput: dpopSigningInput({
      publicJwk: dpop.publicJwk,
      method: 'POST',
      url,
      nonce: dpop.nonce,
      accessToken,
      iat: ctx.now(),
    }),
  }));
}

/** Completed: stored (a preview, or kept at once), or a further signing request for the page. */
export type IssuanceCompletion =
  | { kind: 'stored'; offerId: string; rows: HeldCredentialRow[] }
  | { kind: 'signing_required'; signing: SigningRequestRow };

/**
 * The page has signed: by the continuation's version and stage, the token request
 * (page-token.ts), the credential requests, or (versions 1 and 2) the credential requests with
 * the service-held DPoP key of before.
 */
export async function completeIssuanceInPage(
  ctx: WalletContext,
  account: AccountRow,
  continuation: IssuanceContinuation,
  jws: string[],
): Promise<IssuanceCompletion> {
  if (continuation.version === 1 || continuation.version === 2) {
    return { kind: 'stored', ...(await completeWithServiceDpop(ctx, account, continuation, jws)) };
  }
  if (continuation.version !== 3) {
    throw new OAuthError(
      'invalid_request',
      'this signing request is from another wallet version: start again',
    );
  }
  if (continuation.stage === 'deferred') return completeDeferredInPage(ctx, account, continuation, jws);
  if (continuation.stage === 'token') {
    return { kind: 'signing_required', signing: await completeTokenInPage(ctx, account, continuation, jws) };
  }
  return completeCredentialsInPage(ctx, account, continuation, jws);
}

/** The page's keys of one credential request, with their stored public JWKs. */
async function requestKeys(ctx: WalletContext, account: AccountRow, keyIds: string[]) {
  const keys = [];
  for (const keyId of keyIds) {
    const key = await ctx.store.findWrappedKey(account.id, keyId);
    if (!key) throw new OAuthError('invalid_request', 'a key of this signing request is gone: start again');
    keys.push({ keyId, publicJwk: key.publicJwk as JWK });
  }
  return keys;
}

async function resolveMetadata(client: IssuerSession['client'], credentialIssuer: string) {
  return client.resolveIssuerMetadata(credentialIssuer).catch((e: unknown) => {
    throw toIssuerError(e, 'issuer metadata');
  });
}

async function finish(
  ctx: WalletContext,
  account: AccountRow,
  continuation: { credentialIssuer: string; holderFetch?: true },
  received: ReceivedCredential[],
): Promise<{ offerId: string; rows: HeldCredentialRow[] }> {
  if (continuation.holderFetch) return keepFetched(ctx, account, continuation.credentialIssuer, received);
  return storeReceived(ctx, account, {
    offerId: newOfferId(),
    credentialIssuer: continuation.credentialIssuer,
    received,
  });
}

/**
 * The credential requests with the page's proofs and (DPoP-bound token) the page's DPoP proofs;
 * what comes back is verified and stored, each copy naming its page-held key (`keyId`). A
 * `use_dpop_nonce` answer makes a new signing request for the remaining requests' DPoP proofs
 * with the nonce the issuer sent; the proofs already signed are kept.
 */
async function completeCredentialsInPage(
  ctx: WalletContext,
  account: AccountRow,
  continuation: CredentialStageContinuation,
  jws: string[],
): Promise<IssuanceCompletion> {
  // Per credential request, its proofs: kept from before a nonce retry, or the first inputs in
  // order; the DPoP proofs follow them.
  let next = 0;
  const proofsByRequest =
    continuation.signedProofs ?? continuation.requests.map((r) => jws.slice(next, (next += r.keyIds.length)));
  const dpopProofs = jws.slice(continuation.signedProofs ? 0 : next);
  // One signer for both ways a credential request goes (send-credential-request.ts): each proof once.
  const pageDpop = continuation.dpop ? pageDpopSigner(dpopProofs) : undefined;
  const client = createIssuerClient(ctx, [], undefined, pageDpop);
  const issuerMetadata = await resolveMetadata(client, continuation.credentialIssuer);
  const dpopKey = continuation.dpop
    ? {
        keyId: continuation.dpop.keyId,
        publicJwk: (await loadPageKeys(ctx, account, [continuation.dpop.keyId]))[0]!.publicJwk as JWK,
      }
    : undefined;
  const session: IssuerSession = {
    client,
    issuerMetadata,
    signingKeys: [],
    ...(dpopKey ? { dpop: { key: dpopKey }, pageDpop } : {}),
  };
  const received: ReceivedCredential[] = [...(continuation.received ?? [])];
  for (const [n, request] of continuation.requests.entries()) {
    const keys = await requestKeys(ctx, account, request.keyIds);
    // Every proof the page signed carries the nonce it was given: not the one each answer brings.
    if (session.dpop) session.dpop.nonce = continuation.dpop?.nonce;
    try {
      received.push(
        await sendAndVerify(ctx, {
          session,
          accessToken: continuation.accessToken,
          configurationId: request.configurationId,
          identifier: request.identifier,
          proofs: proofsByRequest[n]!,
          keys,
          identityNumber: account.identityNumber,
        }),
      );
    } catch (error) {
      if (
        !(error instanceof DpopProofNeeded) ||
        !dpopKey ||
        error.binding.nonce === continuation.dpop?.nonce
      ) {
        if (error instanceof DpopProofNeeded) {
          throw new OAuthError('invalid_request', 'the issuer refused the DPoP proof: start again', {
            status: 502,
          });
        }
        throw error;
      }
      const remaining = continuation.requests.slice(n);
      const signedProofs = proofsByRequest.slice(n);
      const dpop = { keyId: dpopKey.keyId, ...(error.binding.nonce ? { nonce: error.binding.nonce } : {}) };
      const retry: CredentialStageContinuation = {
        ...continuation,
        dpop,
        requests: remaining,
        signedProofs,
        received,
      };
      const inputs = credentialDpopInputs(ctx, issuerMetadata, remaining.length, continuation.accessToken, {
        ...dpop,
        publicJwk: dpopKey.publicJwk,
      });
      return {
        kind: 'signing_required',
        signing: await createSigningRequest(ctx, account, 'issuance', inputs, retry),
      };
    }
  }
  return { kind: 'stored', ...(await finish(ctx, account, continuation, received)) };
}

/** Versions 1 and 2: the same credential requests, DPoP proofs by the service-held key sealed then. */
async function completeWithServiceDpop(
  ctx: WalletContext,
  account: AccountRow,
  continuation: ServiceDpopContinuation,
  jws: string[],
): Promise<{ offerId: string; rows: HeldCredentialRow[] }> {
  const signingKeys: SignerKey[] = [];
  const dpopKey = continuation.dpop ? importDpopKey(continuation.dpop.key) : undefined;
  if (dpopKey) signingKeys.push(dpopKey);
  const client = createIssuerClient(ctx, signingKeys);
  const issuerMetadata = await resolveMetadata(client, continuation.credentialIssuer);
  const session: IssuerSession = {
    client,
    issuerMetadata,
    signingKeys,
    ...(dpopKey ? { dpop: { key: dpopKey, nonce: continuation.dpop?.nonce } } : {}),
  };
  const received: ReceivedCredential[] = [];
  let next = 0;
  for (const request of continuation.requests) {
    const keys = await requestKeys(ctx, account, request.keyIds);
    const proofs = jws.slice(next, next + keys.length);
    next += keys.length;
    received.push(
      await sendAndVerify(ctx, {
        session,
        accessToken: continuation.accessToken,
        configurationId: request.configurationId,
        identifier: request.identifier,
        proofs,
        keys,
        identityNumber: account.identityNumber,
      }),
    );
  }
  return finish(ctx, account, continuation, received);
}
