import { X509Certificate } from 'node:crypto';
import { SdJwtError } from './sd-jwt-error.js';

/**
 * Reads the `x5c` header (RFC 7515 §4.1.6): standard base64 DER certificates, the signer's first.
 * Only decodes: whether the chain leads to a trusted root, and whether the certificate is valid at
 * the time of use, is the caller's trust decision. Use `[0].publicKey` as the issuer key after that.
 */
export function readX5cCertificates(options: { header: Record<string, unknown> }): X509Certificate[] {
  const x5c = options.header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > 10) {
    throw new SdJwtError('issuer_key_unresolved', 'the header has no usable x5c');
  }
  return x5c.map((der) => {
    if (typeof der !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(der)) {
      throw new SdJwtError('malformed', 'an x5c entry is not base64');
    }
    try {
      return new X509Certificate(Buffer.from(der, 'base64'));
    } catch (cause) {
      throw new SdJwtError('malformed', 'an x5c entry is not a certificate', { cause });
    }
  });
}
