import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { ClientAuthenticationCallback } from '@openid4vc/oauth2';
import { Openid4vciClient, type IssuerMetadataResult } from '@openid4vc/openid4vci';
import { OAuthError } from '@min-profil/shared/errors';
import type { SigningKey } from '@min-profil/shared/kms';
import type { WalletContext } from '../context.js';
import { createHolderKey, deleteHolderKeys } from '../crypto/holder-keys.js';
import { askingForSignedMetadata, createSignedMetadataVerifier } from './verify-signed-issuer-metadata.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';
import { DpopProofNeeded } from '../crypto/page-dpop.js';
import { createDpopKey, exportDpopKey, issuerTakesDpop, type DpopKey } from '../crypto/dpop-key.js';
import { buildCredentialDisplay, type CredentialDisplay } from '../credentials/credential-display.js';
import { createKeyAttestation } from '../provider/create-key-attestation.js';
import {
  verifyReceivedCredential,
  type HolderKeyRef,
  type VerifiedCopy,
} from './verify-received-credential.js';
import { toIssuerError } from './issuer-errors.js';
import { matchHolder } from '../credentials/credential-holder.js';
import { credentialRequestsFor, sendCredentialRequest } from './send-credential-request.js';

/**
 * One copy (batch issuance) and its holder key: `kmsKid` names a service-held key in the KMS;
 * `keyId` a key made in the person's browser and stored only wrapped (`wallet_wrapped_key`,
 * docs/passkeys.md), which only the page can sign with.
 */
export type HeldCopy =
  | { compact: string; kmsKid: string; keyId?: undefined }
  | { compact: string; keyId: string; kmsKid?: undefined };

/** The service-held keys of these copies (a browser-held key is not in the KMS). */
export function kmsKidsOfCopies(copies: HeldCopy[]): string[] {
  return copies.flatMap((c) => (c.kmsKid === undefined ? [] : [c.kmsKid]));
}

/**
 * What is sealed in a credential row: the copies and, while deferred, how to ask again. With a
 * DPoP-bound token, `dpopKey` is the private JWK its proofs are signed with (absent in rows
 * from before DPoP, and for bearer tokens: those are sent as Bearer).
 */
export interface SealedCredential {
  copies: HeldCopy[];
  /** `keyIds`: page-held keys asked for (a passkey-protected account), beside service-held `kmsKids`. */
  deferred?: {
    accessToken: string;
    transactionId: string;
    kmsKids: string[];
    keyIds?: string[];
    dpopKey?: JWK;
    /** The page's DPoP key (a wrapped key's id): only the page can sign the poll's proof. */
    dpopKeyId?: string;
  };
  notification?: { accessToken: string; notificationId: string; dpopKey?: JWK; dpopKeyId?: string };
}

/** One credential type received (or deferred) from an issuer, before it is stored. */
export interface ReceivedCredential {
  configurationId: string;
  /** The credential names its holder (false: needs the person's confirmation); null while deferred. */
  namesHolder: boolean | null;
  vct: string | null;
  display: CredentialDisplay;
  state: 'pending' | 'deferred';
  sealed: SealedCredential;
  issuedAt: number | null;
  expiresAt: number | null;
  statusUri: string | null;
  statusIdx: number | null;
  interval?: number;
}

/** A key the client's signer callback may sign with: a holder key, or the session's DPoP key. */
export type SignerKey = Pick<SigningKey, 'publicJwk' | 'privateKey'>;

export interface IssuerSession {
  client: Openid4vciClient;
  issuerMetadata: IssuerMetadataResult;
  signingKeys: SignerKey[];
  /**
   * The token's DPoP key and the issuer's last `DPoP-Nonce`, when the token is DPoP-bound: the
   * service's (`DpopKey`), or the page's (`keyId`; its proofs come signed, crypto/page-dpop.ts).
   */
  dpop?: { key: DpopKey | PageDpopKey; nonce?: string };
  /** The page's signed DPoP proofs, for requests outside `client` (send-credential-request.ts). */
  pageDpop?: (payload: Record<string, unknown>) => string;
}

/** A DPoP key held by the page: its public JWK and the id of its wrapped key. */
export interface PageDpopKey {
  publicJwk: JWK;
  keyId: string;
}

/**
 * The session's DPoP key when the issuer takes DPoP (RFC 9449, HAIP): made and added to the
 * signer's keys, ready for the token request. Undefined for an issuer without DPoP.
 */
export function startDpop(
  issuerMetadata: IssuerMetadataResult,
  signingKeys: SignerKey[],
): { key: DpopKey; nonce?: string } | undefined {
  if (!issuerTakesDpop(issuerMetadata)) return undefined;
  const key = createDpopKey();
  signingKeys.push(key);
  return { key };
}

/**
 * An OID4VCI client whose signer finds keys in `signingKeys` (filled per request); with
 * `clientAuthentication` (a wallet attestation) it authenticates at PAR and token.
 */
export function createIssuerClient(
  ctx: WalletContext,
  signingKeys: SignerKey[],
  clientAuthentication?: ClientAuthenticationCallback,
  /** DPoP proofs the page signed (crypto/page-dpop.ts), for a passkey-protected account. */
  pageDpop?: (payload: Record<string, unknown>) => string,
): Openid4vciClient {
  const callbacks = {
    ...createClientCallbacks({
      fetch: askingForSignedMetadata(ctx.fetch),
      clientId: ctx.settings.oauthClientId,
      signingKeys,
      clientAuthentication,
      pageDpop,
    }),
    // Signed issuer metadata: the client's type leaves verifyJwt out, but its metadata fetch
    // (fetchCredentialIssuerMetadata, @openid4vc/openid4vci 0.4) accepts application/jwt and
    // verifies with it when it is there. test/wallet-signed-issuer-metadata.test.ts shows it.
    verifyJwt: createSignedMetadataVerifier(ctx),
  };
  return new Openid4vciClient({ callbacks });
}

export function configurationOf(issuerMetadata: IssuerMetadataResult, configurationId: string) {
  const configuration = (
    issuerMetadata.credentialIssuer.credential_configurations_supported as Record<
      string,
      Record<string, unknown>
    >
  )[configurationId];
  if (!configuration) {
    throw new OAuthError(
      'invalid_request',
      `the issuer does not describe credential configuration "${configurationId.slice(0, 100)}"`,
    );
  }
  if (configuration.format !== 'dc+sd-jwt' && configuration.format !== 'vc+sd-jwt') {
    throw new OAuthError(
      'invalid_request',
      `the wallet keeps SD-JWT VC (dc+sd-jwt) credentials; "${configurationId.slice(0, 100)}" is ${String(configuration.format).slice(0, 40)}`,
    );
  }
  return {
    format: String(configuration.format),
    vct: typeof configuration.vct === 'string' ? configuration.vct : undefined,
  };
}

/** OID4VCI 1.0 §12.2.4: `key_attestations_required` in the configuration's jwt proof type. */
function requiresKeyAttestation(issuerMetadata: IssuerMetadataResult, configurationId: string): boolean {
  const configuration = issuerMetadata.credentialIssuer.credential_configurations_supported[configurationId];
  return configuration?.proof_types_supported?.jwt?.key_attestations_required !== undefined;
}

function describeCopies(verified: VerifiedCopy[]) {
  const first = verified[0]!.verified;
  const status = first.status?.status_list;
  return {
    issuedAt: typeof first.payload.iat === 'number' ? first.payload.iat : null,
    expiresAt: typeof first.payload.exp === 'number' ? first.payload.exp : null,
    statusUri: status?.uri ?? null,
    statusIdx: status?.idx ?? null,
  };
}

/** How many copies (batch issuance, OID4VCI 1.0 §8.3) each credential request asks for. */
export function copiesPerRequest(ctx: WalletContext, issuerMetadata: IssuerMetadataResult): number {
  const batchSize = issuerMetadata.credentialIssuer.batch_credential_issuance?.batch_size ?? 1;
  return Math.max(1, Math.min(batchSize, ctx.settings.batchCopies));
}

/** Each credential request of a granted set of configurations (see credentialRequestsFor). */
export function planCredentialRequests(configurationIds: string[], authorizationDetails: unknown) {
  return configurationIds.flatMap((configurationId) =>
    credentialRequestsFor(configurationId, authorizationDetails).map((r) => ({ configurationId, ...r })),
  );
}

/** OID4VCI 1.0 §7: a fresh c_nonce from the nonce endpoint for each credential request. */
export async function freshNonce(session: IssuerSession, cNonce?: string): Promise<string | undefined> {
  const { client, issuerMetadata } = session;
  if (!issuerMetadata.credentialIssuer.nonce_endpoint) return cNonce;
  const answer = await client.requestNonce({ issuerMetadata }).catch((e: unknown) => {
    throw toIssuerError(e, 'nonce');
  });
  return answer.c_nonce;
}

/**
 * OID4VCI 1.0 Appendix D: the wallet provider attests the new keys (when it has a certificate),
 * saying who can use them (`protection`). Refused when the issuer requires one we cannot make.
 */
export async function attestKeys(
  ctx: WalletContext,
  options: {
    issuerMetadata: IssuerMetadataResult;
    configurationId: string;
    keys: JWK[];
    nonce?: string;
    protection: 'service' | 'passkey';
  },
): Promise<string | undefined> {
  const keyAttestationJwt = await createKeyAttestation(ctx, {
    keys: options.keys,
    nonce: options.nonce,
    protection: options.protection,
  });
  if (!keyAttestationJwt && requiresKeyAttestation(options.issuerMetadata, options.configurationId)) {
    throw new OAuthError(
      'invalid_request',
      'the issuer requires a key attestation for this credential, and this wallet provider has no certificate to make one',
      { status: 502 },
    );
  }
  return keyAttestationJwt;
}

/**
 * Sends one credential request with its proofs and reads the answer: deferred (kept with its
 * transaction id and the keys it was asked for) or credentials, each verified, bound to one of
 * `keys`, and about the wallet's owner.
 */
export async function sendAndVerify(
  ctx: WalletContext,
  options: {
    session: IssuerSession;
    accessToken: string;
    configurationId: string;
    identifier: string | undefined;
    proofs: string[];
    keys: HolderKeyRef[];
    identityNumber: string;
  },
): Promise<ReceivedCredential> {
  const { client, issuerMetadata } = options.session;
  const { configurationId, keys, accessToken } = options;
  const credentialIssuer = issuerMetadata.credentialIssuer.credential_issuer;
  const { vct } = configurationOf(issuerMetadata, configurationId);
  const dpopKey = options.session.dpop?.key;
  const sealedDpopKey = !dpopKey
    ? {}
    : 'keyId' in dpopKey
      ? { dpopKeyId: dpopKey.keyId }
      : { dpopKey: exportDpopKey(dpopKey) };
  const body = await sendCredentialRequest(ctx, {
    client,
    issuerMetadata,
    dpop: options.session.dpop,
    pageDpop: options.session.pageDpop,
    accessToken,
    configurationId,
    credentialIdentifier: options.identifier,
    proofs: options.proofs,
  }).catch((e: unknown) => {
    // The page signs a proof with the nonce the issuer asked for (receive-in-page.ts).
    if (e instanceof DpopProofNeeded) throw e;
    throw toIssuerError(e, 'credential request');
  });
  const display = await buildCredentialDisplay(ctx, { issuerMetadata, configurationId, vct });
  if (body.transaction_id) {
    const keyIds = keys.flatMap((k) => (k.keyId === undefined ? [] : [k.keyId]));
    return {
      configurationId,
      vct: vct ?? null,
      display,
      state: 'deferred',
      namesHolder: null,
      sealed: {
        copies: [],
        deferred: {
          accessToken,
          transactionId: body.transaction_id,
          kmsKids: keys.flatMap((k) => (k.kmsKid === undefined ? [] : [k.kmsKid])),
          ...(keyIds.length > 0 ? { keyIds } : {}),
          ...sealedDpopKey,
        },
      },
      issuedAt: null,
      expiresAt: null,
      statusUri: null,
      statusIdx: null,
      interval: body.interval ?? 5,
    };
  }
  const compacts = readCredentialStrings(body.credentials ?? (body.credential ? [body.credential] : []));
  const verified = await verifyCopies(ctx, { compacts, credentialIssuer, keys, vct });
  const { namesHolder } = assertAboutOwner(ctx, verified, options.identityNumber, credentialIssuer);
  return {
    configurationId,
    namesHolder,
    vct: verified[0]!.verified.vct,
    display,
    state: 'pending',
    sealed: {
      copies: verified.map(heldCopyOf),
      ...(body.notification_id
        ? { notification: { accessToken, notificationId: body.notification_id, ...sealedDpopKey } }
        : {}),
    },
    ...describeCopies(verified),
  };
}

/** The copy as it is sealed: with the key that holds it, service-held or page-held. */
export function heldCopyOf(v: VerifiedCopy): HeldCopy {
  return v.keyId !== undefined
    ? { compact: v.compact, keyId: v.keyId }
    : { compact: v.compact, kmsKid: v.kmsKid };
}

/**
 * With an access token in hand, for service-held keys: for each configuration, fresh holder
 * keys in the KMS (one per batch copy), one nonce, jwt proofs signed here, the credential
 * request, and a check of every credential that comes back. Deferred answers are kept with
 * their transaction id. On any failure the keys made here are deleted and nothing is returned.
 * A passkey-protected account's keys are made and used in the page instead
 * (receive-in-page.ts).
 */
export async function requestCredentials(
  ctx: WalletContext,
  options: {
    session: IssuerSession;
    accessToken: string;
    configurationIds: string[];
    cNonce?: string;
    clientIdInProof?: string;
    /** The wallet owner's number: a credential naming another person is refused. */
    identityNumber: string;
    /**
     * The token response's `authorization_details`: with credential identifiers, those are used
     * (§8.2), one request each (several credentials of one configuration, e.g. one per child).
     */
    authorizationDetails?: unknown;
  },
): Promise<ReceivedCredential[]> {
  const { client, issuerMetadata, signingKeys } = options.session;
  const copies = copiesPerRequest(ctx, issuerMetadata);
  const made: string[] = [];
  try {
    const received: ReceivedCredential[] = [];
    for (const { configurationId, identifier } of planCredentialRequests(
      options.configurationIds,
      options.authorizationDetails,
    )) {
      const keys: SigningKey[] = [];
      for (let i = 0; i < copies; i++) {
        const key = await createHolderKey(ctx.keys);
        made.push(key.kmsKid);
        keys.push(key);
        signingKeys.push(key);
      }
      const nonce = await freshNonce(options.session, options.cNonce);
      const keyAttestationJwt = await attestKeys(ctx, {
        issuerMetadata,
        configurationId,
        keys: keys.map((k) => k.publicJwk),
        nonce,
        // Made just above in the service's KMS.
        protection: 'service',
      });
      const proofs: string[] = [];
      for (const key of keys) {
        const { jwt } = await client.createCredentialRequestJwtProof({
          issuerMetadata,
          credentialConfigurationId: configurationId,
          signer: {
            method: 'jwk',
            publicJwk: key.publicJwk as Record<string, string> & { kty: string },
            alg: 'ES256',
          },
          nonce,
          ...(keyAttestationJwt ? { keyAttestationJwt } : {}),
          issuedAt: new Date(ctx.now() * 1000),
          ...(options.clientIdInProof ? { clientId: options.clientIdInProof } : {}),
        });
        proofs.push(jwt);
      }
      received.push(
        await sendAndVerify(ctx, {
          session: options.session,
          accessToken: options.accessToken,
          configurationId,
          identifier,
          proofs,
          keys: keys.map((k) => ({ kmsKid: k.kmsKid, publicJwk: k.publicJwk })),
          identityNumber: options.identityNumber,
        }),
      );
    }
    return received;
  } catch (error) {
    await deleteHolderKeys(ctx.keys, made);
    throw error;
  }
}

export function readCredentialStrings(items: unknown[]): string[] {
  const compacts = items.map((item) =>
    typeof item === 'string' ? item : (item as { credential?: unknown })?.credential,
  );
  if (compacts.length === 0 || compacts.some((c) => typeof c !== 'string')) {
    throw new OAuthError(
      'temporarily_unavailable',
      'the issuer sent no SD-JWT VC in its credential response',
      {
        status: 502,
      },
    );
  }
  return compacts as string[];
}

/** Verifies each copy and pairs it with the holder key its `cnf` names. */
export async function verifyCopies(
  ctx: WalletContext,
  options: {
    compacts: string[];
    credentialIssuer: string;
    keys: HolderKeyRef[];
    vct?: string;
  },
): Promise<VerifiedCopy[]> {
  const out: VerifiedCopy[] = [];
  for (const compact of options.compacts) {
    out.push(
      await verifyReceivedCredential(ctx, {
        compact,
        credentialIssuer: options.credentialIssuer,
        keys: options.keys,
        expectedVct: options.vct,
      }),
    );
  }
  return out;
}

/**
 * A personal credential must be about the wallet's owner: one naming someone else by personal
 * identity number or coordination number (a mistyped offer, another person signing in at the
 * holder) is refused before anything is stored. One naming nobody passes here; it is kept only
 * when the person confirms it is theirs (see `acceptOffer`). The log names neither number.
 */
export function assertAboutOwner(
  ctx: WalletContext,
  verified: VerifiedCopy[],
  identityNumber: string,
  credentialIssuer: string,
): { namesHolder: boolean } {
  const matches = verified.map(({ verified: v }) => matchHolder(v.claims, identityNumber));
  if (matches.includes('other')) {
    ctx.logger.warn(
      { issuer: credentialIssuer, vct: verified[0]?.verified.vct },
      'refused a credential about another person',
    );
    throw new OAuthError(
      'access_denied',
      'the credential is issued to another person (by personal identity number or coordination number); nothing was stored',
      { status: 403 },
    );
  }
  return { namesHolder: !matches.includes('none') };
}

export function newOfferId(): string {
  return randomUUID();
}
