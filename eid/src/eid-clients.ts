import { z } from 'zod';

/**
 * The relying parties the test eID knows. `EID_CLIENTS` is a JSON array of these, e.g.
 *
 *   EID_CLIENTS='[
 *     {"client_id":"issuer","client_secret":"s3cret","redirect_uris":["http://127.0.0.1:3001/eid/callback"]},
 *     {"client_id":"wallet","redirect_uris":["http://127.0.0.1:3000/login/callback"],
 *      "token_endpoint_auth_method":"none","client_name":"Min profil (plånboken)"}
 *   ]'
 *
 * `client_secret` is required unless `token_endpoint_auth_method` is `none` (a public client,
 * which PKCE protects); with a secret the method defaults to `client_secret_basic`.
 * `client_name` is shown on the login page.
 */
export const zEidClient = z
  .object({
    client_id: z.string().min(1),
    client_secret: z.string().min(1).optional(),
    client_name: z.string().min(1).optional(),
    redirect_uris: z.array(z.url({ protocol: /^https?$/ })).min(1),
    token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post', 'none']).optional(),
  })
  .refine((c) => c.client_secret !== undefined || c.token_endpoint_auth_method === 'none', {
    message: 'client_secret is required unless token_endpoint_auth_method is "none"',
  })
  // Subjects are pairwise (accounts.ts); OIDC Core §8.1 asks for a sector_identifier_uri when
  // redirect URIs span hosts, which this provider does not take: one client per host instead.
  .refine((c) => new Set(c.redirect_uris.map((uri) => new URL(uri).host)).size === 1, {
    message: 'all redirect_uris of a client must share one host (register one client per host)',
    path: ['redirect_uris'],
  });

export type EidClient = z.infer<typeof zEidClient>;

export const zEidClients = z.array(zEidClient);

/** Parses `EID_CLIENTS`; throws with a message naming the wrong field (never its value). */
export function parseEidClients(json: string | undefined): EidClient[] {
  if (json === undefined || json.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('EID_CLIENTS is not valid JSON');
  }
  const result = zEidClients.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`EID_CLIENTS is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return result.data;
}
