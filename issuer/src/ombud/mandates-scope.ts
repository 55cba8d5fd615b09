/**
 * The scope of managing one's own powers of attorney at Mina ombud: a token granted it lets the
 * wallet give, list and revoke the signed-in person's grants (`/ombud/grants`). Like
 * `usage_log`, it is not a credential: granted on its own, never at the credential endpoint.
 */
export const mandatesScope = 'mandates';
