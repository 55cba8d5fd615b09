/** What each error status means across the wallet API, for operations' `errors`. */
const meanings: Record<number, string> = {
  400: 'Invalid input (`invalid_request`, `invalid_grant` for a wrong tx_code)',
  401: 'Not signed in, or unknown token (`invalid_token`)',
  403: 'Missing or wrong X-CSRF-Token on a cookie-authenticated call (`access_denied`)',
  404: 'No such resource (`not_found`)',
  409: 'Already answered, or nothing to act on',
  410: 'Expired',
  502: 'The issuer or verifier failed, answered an error, timed out, or sent something that did not verify; nothing was stored',
  503: 'No current trust list (none published, or the one in force is past its next_update; docs/trust-list.md): `temporarily_unavailable`',
};

export function errors(...codes: number[]): Record<number, string> {
  return Object.fromEntries(codes.map((code) => [code, meanings[code] ?? 'Error']));
}
