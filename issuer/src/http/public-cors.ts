import { createPublicCors } from '@min-profil/shared/public-cors';

/**
 * Browser-based wallets and verifiers call the protocol endpoints cross-origin; the staff
 * endpoints (`/offers`, `/admin`) stay same-origin only.
 */
export const publicCors = createPublicCors({
  sameOriginOnly: (path) => /^\/[^/]+\/(offers|admin)(\/|$)/.test(path),
  allowHeaders: ['Authorization', 'Content-Type', 'DPoP'],
  // RFC 9449 §8, §9: a browser wallet must read the nonce to put in its next proof.
  exposeHeaders: ['DPoP-Nonce', 'WWW-Authenticate'],
});
