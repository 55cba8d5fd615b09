import { z } from 'zod';

/** What every error answer holds (shared/src/http.ts writes it); services extend it. */
export const zErrorBody = z.object({
  error: z.string().meta({ description: 'The spec error code (RFC 6749, OpenID4VCI, OpenID4VP)' }),
  error_description: z.string().meta({ description: 'For people; never holds claim values' }),
});
