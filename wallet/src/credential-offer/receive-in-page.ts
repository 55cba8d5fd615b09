import type { JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { exportDpopKey, importDpopKey } from '../crypto/dpop-key.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import type { WrappedKeyRow } from '../persistence/passkey-entities.js';
import type { SigningRequestRow } from '../persistence/signing-request-entities.js';
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
 * only then is the credential request sent. The DPoP key of the issuer's token is still the
 * service's in this step (docs/passkeys.md, "Next").
 */

/** What the server continues with once the page has signed (sealed in the signing request). */
export interface IssuanceContinuation {
  /** 2 added `holderFetch`; 1 (without it) is still read. */
  version: 1 | 2;
  credentialIssuer: string;
  accessToken: string;
  /** The token's DPoP key (private JWK, service-held) and the issuer's last DPoP nonce. */
  dpop?: { key: JWK; nonce?: string };
  /** Per credential request: its configuration, identifier, and the page's keys, in input order. */
  requests: Array<{ configurationId: string; identifier?: string; keyIds: string[] }>;
  /**
   * Fetched by signing in at the holder (`/oid4vci/callback`): kept at once when it names the
   * person, as a service-signed fetch is (holders/keep-fetched.ts), not a preview.
   */
  holderFetch?: true;
}

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
 * request, and the proof JWTs' signing inputs for the page. Nothing goes to the credential
 * endpoint yet; the answer is a signing request of kind `issuance`.
 */
export async function startIssuanceInPage(
  ctx: WalletContext,
  account: AccountRow,
  options: {
    session: IssuerSession;
    accessToken: string;
    configurationIds: string[];
    authorizationDetails?: unknown;
    cNonce?: string;
    clientIdInProof?: string;
    keys: WrappedKeyRow[];
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
  const requests: IssuanceContinuation['requests'] = [];
  for (const [n, { configurationId, identifier }] of planned.entries()) {
    configurationOf(issuerMetadata, configurationId);
    const mine = keys.slice(n * copies, (n + 1) * copies);
    const jwks = mine.map(({ publicJwk: { kty, crv, x, y } }) => ({ kty, crv, x, y }) as JWK);
    const nonce = await freshNonce(session, options.cNonce);
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
  const dpop = session.dpop;
  const continuation: IssuanceContinuation = {
    version: 2,
    credentialIssuer,
    accessToken: options.accessToken,
    ...(dpop ? { dpop: { key: exportDpopKey(dpop.key), ...(dpop.nonce ? { nonce: dpop.nonce } : {}) } } : {}),
    requests,
    ...(options.holderFetch ? { holderFetch: true as const } : {}),
  };
  return createSigningRequest(ctx, account, 'issuance', inputs, continuation);
}

/**
 * The second half: the page's proofs (already checked against the stored public keys,
 * takeSignedRequest) go to the issuer with the same access token and DPoP key; what comes back
 * is verified and stored as a pending preview (kept at once when fetched at a holder), each
 * copy naming its page-held key (`keyId`).
 */
export async function completeIssuanceInPage(
  ctx: WalletContext,
  account: AccountRow,
  continuation: IssuanceContinuation,
  jws: string[],
): Promise<{ offerId: string; rows: HeldCredentialRow[] }> {
  if (continuation.version !== 1 && continuation.version !== 2) {
    throw new OAuthError(
      'invalid_request',
      'this signing request is from another wallet version: start again',
    );
  }
  // The live client of the first half is gone: rebuilt from the issuer's metadata.
  const signingKeys: SignerKey[] = [];
  const dpopKey = continuation.dpop ? importDpopKey(continuation.dpop.key) : undefined;
  if (dpopKey) signingKeys.push(dpopKey);
  const client = createIssuerClient(ctx, signingKeys);
  const issuerMetadata = await client
    .resolveIssuerMetadata(continuation.credentialIssuer)
    .catch((e: unknown) => {
      throw toIssuerError(e, 'issuer metadata');
    });
  const session: IssuerSession = {
    client,
    issuerMetadata,
    signingKeys,
    ...(dpopKey ? { dpop: { key: dpopKey, nonce: continuation.dpop?.nonce } } : {}),
  };
  const received: ReceivedCredential[] = [];
  let next = 0;
  for (const request of continuation.requests) {
    const keys = [];
    for (const keyId of request.keyIds) {
      const key = await ctx.store.findWrappedKey(account.id, keyId);
      if (!key) throw new OAuthError('invalid_request', 'a key of this signing request is gone: start again');
      keys.push({ keyId, publicJwk: key.publicJwk as JWK });
    }
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
  if (continuation.holderFetch) return keepFetched(ctx, account, continuation.credentialIssuer, received);
  return storeReceived(ctx, account, {
    offerId: newOfferId(),
    credentialIssuer: continuation.credentialIssuer,
    received,
  });
}
