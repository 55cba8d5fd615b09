import type { x509 } from './x509-provider.js';

/** Two distinguished names are the same when their DER encodings are (RFC 5280 §7.1, binary). */
export function sameName(a: x509.Name, b: x509.Name): boolean {
  return Buffer.from(a.toArrayBuffer()).equals(Buffer.from(b.toArrayBuffer()));
}
