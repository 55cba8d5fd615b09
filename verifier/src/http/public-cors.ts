import { createPublicCors } from '@min-profil/shared/public-cors';

/**
 * Browser wallets fetch request objects and post responses cross-origin; the consumer API
 * (`/api/presentation-requests`, `/api/standing-permissions`) is for the consumer's back end
 * and stays same-origin.
 */
export const publicCors = createPublicCors({
  sameOriginOnly: (path) =>
    path.startsWith('/api/presentation-requests') || path.startsWith('/api/standing-permissions'),
  allowHeaders: ['Content-Type'],
});
