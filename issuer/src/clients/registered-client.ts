import { z } from 'zod';

/**
 * A registered OAuth client of the issuer's authorization servers: for now, wallets. Every
 * holder on this issuer knows the same clients. A client is known by its `client_id`; with
 * attestation-based client authentication (OAuth 2.0 Attestation-Based Client Authentication,
 * HAIP) the `sub` of the wallet attestation is that client_id, shared by all instances of one
 * wallet, and the provider's attestation keys are what authenticate it.
 */
export interface RegisteredClient {
  clientId: string;
  name: { sv: string; en: string };
  /** Compared exactly (RFC 9700 §4.1.3: no patterns, no prefixes). */
  redirectUris: string[];
  /** Where the registration came from, for logs and the design note's precedence rule. */
  source: 'configuration' | 'trust_list';
  /** The wallet provider in the trust list, when listed there (its keys come with it). */
  walletProviderId?: string;
  /**
   * How it authenticates at PAR and token: `none` (a public client; the default) or
   * `attest_jwt_client_auth` (a wallet attestation is required of it).
   */
  authMethod?: 'none' | 'attest_jwt_client_auth';
}

const zRedirectUri = z
  .string()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      // RFC 6749 §3.1.2: absolute, no fragment; no script-bearing schemes.
      return !url.hash && !['javascript:', 'data:', 'vbscript:', 'file:', 'blob:'].includes(url.protocol);
    } catch {
      return false;
    }
  }, 'must be an absolute URI without a fragment');

/** One entry of `ISSUER_WALLET_CLIENTS` (a JSON array). */
export const zConfiguredClient = z
  .object({
    client_id: z.string().min(1).max(200),
    name: z.object({ sv: z.string().min(1).max(200), en: z.string().min(1).max(200) }),
    redirect_uris: z.array(zRedirectUri).min(1).max(20),
    token_endpoint_auth_method: z.enum(['none', 'attest_jwt_client_auth']).optional(),
  })
  .strict();

export const zConfiguredClients = z.array(zConfiguredClient).max(100);

export type ConfiguredClient = z.infer<typeof zConfiguredClient>;

/** Reads `ISSUER_WALLET_CLIENTS`; a malformed value stops the issuer at start, loudly. */
export function parseConfiguredClients(json: string | undefined): RegisteredClient[] {
  if (!json) return [];
  const parsed = zConfiguredClients.safeParse(JSON.parse(json));
  if (!parsed.success) {
    throw new Error(`ISSUER_WALLET_CLIENTS is not a list of clients: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data.map((c) => ({
    clientId: c.client_id,
    name: c.name,
    redirectUris: c.redirect_uris,
    source: 'configuration',
    ...(c.token_endpoint_auth_method ? { authMethod: c.token_endpoint_auth_method } : {}),
  }));
}
