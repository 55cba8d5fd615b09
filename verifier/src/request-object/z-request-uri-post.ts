import { z } from 'zod';

/**
 * What a wallet may POST to `request_uri` with `request_uri_method=post` (OpenID4VP 1.0
 * §5.10.1, form-encoded): its metadata (read as far as this verifier needs: not at all) and a
 * nonce the request object must echo (§5.10).
 */
export const zRequestUriPost = z
  .object({
    wallet_metadata: z.string().max(20_000).optional(),
    wallet_nonce: z.string().min(1).max(200).optional(),
  })
  .loose();
