import { createHash, randomBytes } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest } from '@sd-jwt/crypto-nodejs';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { didWebDocumentUrl } from '@min-profil/shared/net/did-web-resolver';
import type { TestEid } from '@min-profil/eid/testing/start-test-eid';
import { testEidForIssuer } from '../issuer-test-eid.js';
import { startIssuer, type RunningIssuer } from '../../issuer/test/start-issuer.js';
import type { IssuerSettings } from '../../issuer/src/context.js';
import type { WalletProviderUnderTest } from '../../issuer/test/wallet-attestation-client.js';
import { createOffer } from '../../issuer/test/wallet-client.js';

/** The wallet the counterparts play, registered at our issuer as a configured client. */
export const interopWallet = {
  clientId: 'interop-wallet',
  redirectUri: 'http://127.0.0.1:9/interop/callback',
};

/**
 * Our issuer on 127.0.0.1 (SQLite: the suite is about the protocol) with the test eID behind it;
 * `settings` as a deployment sets them (e.g. `requireDpop`, HAIP).
 */
export async function startIssuerUnderTest(
  settings: Partial<IssuerSettings> = {},
  /** A wallet provider whose CA the issuer trusts; the interop wallet must then attest itself. */
  walletProvider?: WalletProviderUnderTest,
): Promise<{ issuer: RunningIssuer; stop(): Promise<void> }> {
  let eid: TestEid | undefined;
  const issuer = await startIssuer('sqlite', {
    settings,
    walletClients: [
      {
        clientId: interopWallet.clientId,
        name: { sv: 'Interop-plånboken', en: 'The interop wallet' },
        redirectUris: [interopWallet.redirectUri],
        source: 'configuration',
        ...(walletProvider ? { authMethod: 'attest_jwt_client_auth' as const } : {}),
      },
    ],
    ...(walletProvider
      ? {
          x509Anchors: async () => [walletProvider.anchor],
          crlFetcher: (uri: string) => walletProvider.crlFetcher(uri),
        }
      : {}),
    eid: testEidForIssuer('sqlite', (started) => {
      eid = started;
    }),
  });
  return {
    issuer,
    stop: async () => {
      await issuer.stop();
      await eid?.close();
    },
  };
}

/** Our issuer for the tests of one file: started before them, stopped after; read it inside a test. */
export function issuerForThisFile(settings: Partial<IssuerSettings> = {}): () => RunningIssuer {
  let running: Awaited<ReturnType<typeof startIssuerUnderTest>> | undefined;
  beforeAll(async () => {
    running = await startIssuerUnderTest(settings);
  });
  afterAll(async () => {
    await running?.stop();
  });
  return () => running!.issuer;
}

/** Staff at the holder makes an offer with a tx_code; returns the link and the code. */
export async function offerWithTxCode(
  issuer: RunningIssuer,
  holder: string,
  identityNumber: string,
  configurationIds: string[],
): Promise<{ offerLink: string; txCode: string }> {
  const offer = await createOffer(issuer.baseUrl, issuer.apiKey, holder, {
    personal_identity_number: identityNumber,
    credential_configuration_ids: configurationIds,
    tx_code: true,
  });
  if (offer.status !== 201) throw new Error(`the offer was refused: ${JSON.stringify(offer.body)}`);
  return { offerLink: offer.body.offer_link as string, txCode: offer.body.tx_code as string };
}

export interface WalletKey {
  privateKey: CryptoKey;
  publicJwk: JWK & { kty: string };
}

export async function createWalletKey(): Promise<WalletKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicJwk: (await exportJWK(publicKey)) as JWK & { kty: string } };
}

/**
 * A did:web resolver as an outsider has one, reading the document where the method puts it;
 * over http because the services run on http://127.0.0.1 in tests.
 */
export async function resolveDidWeb(did: string): Promise<Record<string, any>> {
  const url = didWebDocumentUrl(did);
  url.protocol = 'http:';
  const response = await fetch(url, { headers: { accept: 'application/did+json' } });
  if (!response.ok) throw new Error(`${did} did not resolve: HTTP ${response.status}`);
  const document = (await response.json()) as Record<string, any>;
  if (document.id !== did) throw new Error('the DID document is for another DID');
  return document;
}

/** The public key a did:web DID URL (`did:web:…#kid`) names, from its DID document. */
export async function keyOfDidUrl(didUrl: string): Promise<JWK> {
  const document = await resolveDidWeb(didUrl.split('#')[0]!);
  const method = (document.verificationMethod as Array<{ id: string; publicKeyJwk: JWK }>).find(
    (m) => m.id === didUrl,
  );
  if (!method) throw new Error('the DID document has no such verification method');
  return method.publicKeyJwk;
}

/**
 * SD-JWT VC issuer metadata (draft-ietf-oauth-sd-jwt-vc §5): the key for `iss` and `kid`,
 * read from `/.well-known/jwt-vc-issuer{path}` as any verifier finds it.
 */
export async function keyOfJwtVcIssuer(iss: string, kid: string | undefined): Promise<JWK> {
  const url = new URL(iss);
  const response = await fetch(`${url.origin}/.well-known/jwt-vc-issuer${url.pathname}`);
  const metadata = (await response.json()) as { issuer: string; jwks: { keys: JWK[] } };
  if (metadata.issuer !== iss) throw new Error('the issuer metadata is for another issuer');
  const key = metadata.jwks.keys.find((k) => kid === undefined || k.kid === kid);
  if (!key) throw new Error('the issuer metadata has no such key');
  return key;
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * sd-jwt-js (`SDJwtVcInstance.verify`) with only what an outsider has: the key from our
 * published SD-JWT VC issuer metadata for the JWT's `iss` and `kid` (the credential's and its
 * status list's), its own status list fetch (`@sd-jwt/jwt-status-list` decodes it), and, with
 * `typeMetadata`, the type metadata at the `vct` URL checked against its schema.
 */
export async function verifyWithSdJwtJs(
  compact: string,
  options: { typeMetadata?: boolean; statusValidator?: (status: number) => Promise<void> } = {},
) {
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    verifier: async (data, signature) => {
      const [header, payload] = data
        .split('.')
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, any>);
      const key = await keyOfJwtVcIssuer(payload!.iss, header!.kid);
      const verify = await ES256.getVerifier(key as Parameters<typeof ES256.getVerifier>[0]);
      return verify(data, signature);
    },
    ...(options.typeMetadata ? { loadTypeMetadataFormat: true } : {}),
    ...(options.statusValidator ? { statusValidator: options.statusValidator } : {}),
  });
  return sdjwt.verify(compact);
}
