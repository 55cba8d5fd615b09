import type { DatabaseKind } from '@min-profil/shared/db';
import type { Pkcs11TokenConfig } from '@min-profil/shared/signing/pkcs11-token';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import type { TrustList, TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createHolderKey,
  createProof,
  fetchNonce,
  getJson,
  postJson,
  redeemOffer,
  type HolderKeyPair,
} from '../issuer/test/wallet-client.js';
import type { VerifierSettings } from '../verifier/src/context.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import type { AccessCertificateSource } from '../verifier/src/consumers/access-certificates.js';
import type { ClientIdPrefix } from '../verifier/src/consumers/client-identifier.js';
import type { ConsumerProfile } from '../verifier/src/consumers/consumer-profile.js';
import {
  createMutableTrustList,
  startVerifier,
  testApiKeys,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';

/**
 * The cross-service setup of the verifier tests: the real issuer and the real verifier on
 * ephemeral ports, and the trust list the operator would build from their published metadata.
 */
export const holderIds = [
  'af',
  'skatteverket',
  'migrationsverket',
  'skola',
  'bolagsverket',
  'ombud',
] as const;

export interface VerifierWorld {
  issuer: RunningIssuer;
  verifier: RunningVerifier;
  trustList: TrustList;
  /** Replaces the list every service reads (e.g. to add an extra issuer). */
  setTrustList(list: TrustList): void;
  stop(): Promise<void>;
}

export async function startVerifierWorld(
  kind: DatabaseKind,
  options: {
    verifierSettings?: Partial<VerifierSettings>;
    extraIssuers?: TrustedIssuer[];
    /** Consumers identified by an access certificate (x509_hash, x509_san_dns), and where it comes from. */
    clientIdPrefixes?: Record<string, ClientIdPrefix>;
    /** Consumers that follow the HAIP profile (`haip`), as VERIFIER_CONSUMER_PROFILES. */
    consumerProfiles?: Record<string, ConsumerProfile>;
    accessCertificates?: AccessCertificateSource;
    /** Which demo consumers to host; default the three original ones. */
    consumers?: readonly string[];
    /** Keys in PKCS#11 tokens: the issuer's holders' and the verifier's consumers'. */
    issuerPkcs11?: Pkcs11TokenConfig;
    verifierPkcs11?: Pkcs11TokenConfig;
    /** The issuer's own options (e.g. a test eID for holders a person signs in at). */
    issuer?: Parameters<typeof startIssuer>[1];
  } = {},
): Promise<VerifierWorld> {
  const issuer = await startIssuer(kind, {
    ...options.issuer,
    ...(options.issuerPkcs11 ? { pkcs11: options.issuerPkcs11 } : {}),
  });
  const source = createMutableTrustList();
  const verifier = await startVerifier(kind, {
    trustList: source,
    settings: options.verifierSettings,
    clientIdPrefixes: options.clientIdPrefixes,
    consumerProfiles: options.consumerProfiles,
    accessCertificates: options.accessCertificates,
    ...(options.consumers ? { apiKeys: testApiKeys(options.consumers) } : {}),
    ...(options.verifierPkcs11 ? { pkcs11: options.verifierPkcs11 } : {}),
  });
  verifier.ctx.settings.issuerBaseUrl = issuer.baseUrl;
  const issuers = await Promise.all(
    holderIds.map((id) => fetchTrustedIssuer({ id, credentialIssuer: `${issuer.baseUrl}/${id}` })),
  );
  const consumers = (await getJson(`${verifier.url}/api/consumers`)).body.consumers;
  const trustList = buildTrustList({
    operator: 'test operator',
    issuers: [...issuers, ...(options.extraIssuers ?? [])],
    consumers,
    registrations: demoRegistrations,
  });
  source.set(trustList);
  return {
    issuer,
    verifier,
    trustList,
    setTrustList: (list) => source.set(list),
    stop: async () => {
      await verifier.stop();
      await issuer.stop();
    },
  };
}

export interface IssuedCredential {
  credential: string;
  holderKey: HolderKeyPair;
}

/** Offer → token → nonce → credential, as a wallet does against the issuer. */
export async function obtainCredential(
  issuer: RunningIssuer,
  options: { holder: string; pnr: string; configurationId: string; proofIat?: number },
): Promise<IssuedCredential> {
  const { accessToken } = await redeemOffer({
    baseUrl: issuer.baseUrl,
    apiKey: issuer.apiKey,
    holder: options.holder,
    pnr: options.pnr,
    configurationIds: [options.configurationId],
  });
  const nonce = await fetchNonce(issuer.baseUrl, options.holder);
  const holderKey = await createHolderKey();
  const proof = await createProof({
    key: holderKey,
    audience: `${issuer.baseUrl}/${options.holder}`,
    nonce,
    iat: options.proofIat,
  });
  const response = await postJson(
    `${issuer.baseUrl}/${options.holder}/credential`,
    { credential_configuration_id: options.configurationId, proofs: { jwt: [proof] } },
    { authorization: `Bearer ${accessToken}` },
  );
  if (response.status !== 200) throw new Error(`credential request failed: ${JSON.stringify(response.body)}`);
  return { credential: response.body.credentials[0].credential as string, holderKey };
}

/** The consumer's back end creates a presentation request. */
export async function createPresentationRequest(
  verifier: RunningVerifier,
  consumerId: string,
  body: Record<string, unknown>,
) {
  return postJson(`${verifier.url}/api/presentation-requests`, body, {
    authorization: `Bearer ${verifier.apiKeys[consumerId]}`,
  });
}

export async function readPresentationResult(verifier: RunningVerifier, consumerId: string, id: string) {
  return getJson(`${verifier.url}/api/presentation-requests/${id}`, {
    authorization: `Bearer ${verifier.apiKeys[consumerId]}`,
  });
}

/**
 * One whole answer as a wallet gives it: the consumer creates the request, the wallet fetches and
 * checks the request object, presents each credential (disclosing what its query asks for) and
 * posts the vp_token to the response_uri. The pieces are returned for the test to look into.
 */
export async function answerRequest(options: {
  verifier: RunningVerifier;
  trustList: TrustList;
  consumerId: string;
  body: Record<string, unknown>;
  /** One credential per DCQL query id. */
  credentials: Record<string, IssuedCredential>;
}) {
  const created = await createPresentationRequest(options.verifier, options.consumerId, options.body);
  if (created.status !== 201) throw new Error(`creating the request failed: ${JSON.stringify(created.body)}`);
  const { request, contentType, header } = await fetchAuthorizationRequest({
    openid4vpUrl: created.body.openid4vp_url,
    trustList: options.trustList,
  });
  const vpToken: Record<string, string[]> = {};
  for (const [queryId, issued] of Object.entries(options.credentials)) {
    vpToken[queryId] = [
      await presentCredential({
        credential: issued.credential,
        holderPrivateKey: issued.holderKey.privateKey,
        request,
        disclose: discloseRequested(request, queryId),
      }),
    ];
  }
  const response = await postResponse(request.response_uri, { vp_token: vpToken, state: request.state });
  return { id: created.body.id as string, created, request, contentType, header, response };
}
