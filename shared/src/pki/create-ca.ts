import { ecdsaP256, exportJwk, generateP256KeyPair, x509 } from './x509-provider.js';
import type { CryptoKey, JsonWebKey } from './x509-provider.js';

export interface CertificateAuthority {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
}

const dayMs = 24 * 3600_000;

/**
 * A root CA for the demo and tests: a fresh P-256 key and a self-signed certificate that may sign
 * end-entity certificates and CRLs and nothing else (path length 0: no intermediates below it).
 */
export async function createCa(options: {
  /** The CA's distinguished name, e.g. `CN=Min profil demo CA, O=Min profil`. */
  name: string;
  validityDays?: number;
  now?: Date;
}): Promise<CertificateAuthority & { privateJwk: JsonWebKey }> {
  const now = options.now ?? new Date();
  const keys = await generateP256KeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: options.name,
    keys,
    // A minute back: a relying party whose clock runs slightly behind still accepts it.
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + (options.validityDays ?? 3650) * dayMs),
    signingAlgorithm: ecdsaP256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey, privateJwk: await exportJwk(keys.privateKey) };
}
