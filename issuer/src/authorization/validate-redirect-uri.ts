/**
 * Wallets are public clients without registration (OID4VCI 1.0 §5), so the redirect URI is
 * not checked against a list. It must still be absolute, carry no fragment, and not be a
 * script-bearing scheme; plain http is only allowed to loopback (RFC 8252 §7.3).
 */
export function isAcceptableRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash) return false;
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (['javascript', 'data', 'vbscript', 'file', 'blob'].includes(scheme)) return false;
  if (scheme === 'http') {
    return (
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ||
      process.env.ISSUER_ALLOW_HTTP_REDIRECTS === 'true'
    );
  }
  return true;
}
