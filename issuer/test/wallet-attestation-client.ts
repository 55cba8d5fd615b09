import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { createCa, type CertificateAuthority } from '@min-profil/shared/pki/create-ca';
import { createCrl, type RevokedEntry } from '@min-profil/shared/pki/create-crl';
import type { CrlFetcher } from '@min-profil/shared/pki/crl-fetcher';
import { issueCertificate } from '@min-profil/shared/pki/issue-certificate';
import type { X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import {
  certificateToBase64,
  generateP256KeyPair,
  type CryptoKey,
} from '@min-profil/shared/pki/x509-provider';
import { createHolderKey, type HolderKeyPair } from './wallet-client.js';

/**
 * A demo CA made for one test run and a wallet provider certified by it, as OAuth 2.0
 * Attestation-Based Client Authentication has them: the provider signs wallet attestations
 * (`x5c` = its certificate and the CA's), each wallet instance signs the PoP with its `cnf` key.
 */
export interface WalletProviderUnderTest {
  ca: CertificateAuthority;
  anchor: X509TrustAnchor;
  /** The provider's identifier; its certificate's SAN names the host. */
  url: string;
  x5c: string[];
  serialNumber: string;
  privateKey: CryptoKey;
  /** The CA's CRL as a relying party fetches it; `revoked` lists what the CA has revoked. */
  crlFetcher: CrlFetcher;
  revoked: RevokedEntry[];
}

const crlUri = 'https://ca.test.example/crl';
let serial = 0x5000 + Math.floor(Math.random() * 0x1000);

export async function createWalletProvider(
  options: { url?: string; ca?: CertificateAuthority } = {},
): Promise<WalletProviderUnderTest> {
  const url = options.url ?? 'https://wallet-provider.test.example';
  const ca = options.ca ?? (await createCa({ name: 'CN=Test wallet CA, O=Min profil test' }));
  const keys = await generateP256KeyPair();
  const serialNumber = (serial++).toString(16);
  const certificate = await issueCertificate(ca, {
    subject: { role: 'wallet-provider', name: 'Testplånboken', host: new URL(url).hostname, url },
    publicKey: keys.publicKey,
    serialNumber,
    crlUri,
  });
  const anchor = { certificate: certificateToBase64(ca.certificate), crl_uri: crlUri };
  const revoked: RevokedEntry[] = [];
  return {
    ca,
    anchor,
    url,
    x5c: [certificateToBase64(certificate), anchor.certificate],
    serialNumber,
    privateKey: keys.privateKey,
    revoked,
    crlFetcher: async (uri) => {
      if (uri !== crlUri) throw new Error(`no CRL at ${uri}`);
      return new Uint8Array((await createCrl(ca, revoked)).rawData);
    },
  };
}

/** A wallet attestation (the provider's JWT about one instance's key) and that instance's key. */
export async function createWalletAttestation(
  provider: WalletProviderUnderTest,
  options: { clientId: string; expiresIn?: number; iat?: number; signWith?: CryptoKey; x5c?: string[] },
): Promise<{ attestation: string; instanceKey: HolderKeyPair }> {
  const instanceKey = await createHolderKey();
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const attestation = await new SignJWT({
    iss: provider.url,
    sub: options.clientId,
    iat,
    exp: iat + (options.expiresIn ?? 3600),
    cnf: { jwk: instanceKey.publicJwk },
  })
    .setProtectedHeader({
      alg: 'ES256',
      typ: 'oauth-client-attestation+jwt',
      x5c: options.x5c ?? provider.x5c,
    })
    .sign(options.signWith ?? provider.privateKey);
  return { attestation, instanceKey };
}

/** The two headers of one request: the attestation and a fresh PoP for `audience`. */
export async function attestationHeaders(
  attested: { attestation: string; instanceKey: HolderKeyPair },
  options: { clientId: string; audience: string; iat?: number; jti?: string },
): Promise<Record<string, string>> {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const pop = await new SignJWT({
    iss: options.clientId,
    aud: options.audience,
    jti: options.jti ?? randomUUID(),
    iat,
    exp: iat + 60,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'oauth-client-attestation-pop+jwt' })
    .sign(attested.instanceKey.privateKey);
  return { 'oauth-client-attestation': attested.attestation, 'oauth-client-attestation-pop': pop };
}
