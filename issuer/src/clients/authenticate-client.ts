import type { Request } from 'express';
import { decodeJwt } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret } from '@min-profil/shared/secrets';
import type { HolderRuntime, IssuerContext } from '../context.js';
import type { RegisteredClient } from './registered-client.js';
import { verifyClientAttestation } from './verify-client-attestation.js';

export const attestationAuthMethod = 'attest_jwt_client_auth';

/**
 * The client an attestation names (`sub`), unverified: a token request authenticated by
 * attestation need not repeat `client_id` in its body. `authenticateClient` then checks it.
 */
export function attestedClientId(req: Request): string | undefined {
  try {
    const sub = decodeJwt(req.get('oauth-client-attestation') ?? '').sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The one client-authentication step of the PAR and token endpoints (authorization code flow),
 * before anything else: a wallet attestation and its PoP, when sent, must be valid for the
 * client the request names (its `sub` is the client_id); they are required when the issuer
 * requires them of every wallet (`ISSUER_REQUIRE_WALLET_ATTESTATION`) or the client is
 * registered with `attest_jwt_client_auth`. The PoP's `jti` is spent in the table DPoP uses,
 * so a replayed PoP is refused at every instance. Returns the method that authenticated.
 */
export async function authenticateClient(
  ctx: IssuerContext,
  holder: HolderRuntime,
  req: Request,
  options: { clientId: string | undefined; client: RegisteredClient | undefined },
): Promise<'none' | typeof attestationAuthMethod> {
  const attestation = req.get('oauth-client-attestation');
  const pop = req.get('oauth-client-attestation-pop');
  if (attestation === undefined && pop === undefined) {
    if (ctx.settings.requireWalletAttestation || options.client?.authMethod === attestationAuthMethod) {
      throw new OAuthError(
        'invalid_client',
        'this client must authenticate with a wallet attestation (OAuth-Client-Attestation and OAuth-Client-Attestation-PoP)',
        { headers: { 'WWW-Authenticate': 'AttestJwtClientAuth' } },
      );
    }
    return 'none';
  }
  const verified = await verifyClientAttestation({
    attestation,
    pop,
    clientId: options.clientId,
    authorizationServer: holder.issuerUrl,
    now: ctx.now(),
    popMaxAge: ctx.settings.attestationPopMaxAge,
    anchors: await ctx.trust.x509Anchors(),
    crlFetcher: ctx.trust.crlFetcher,
  });
  if (
    !(await ctx.store.spendJti(
      hashSecret(`attestation-pop\n${verified.clientId}\n${verified.popJti}`),
      verified.popAcceptableUntil,
    ))
  ) {
    throw new OAuthError(
      'invalid_client',
      'this client attestation PoP has been used before (jti replayed)',
      {
        headers: { 'WWW-Authenticate': 'AttestJwtClientAuth' },
      },
    );
  }
  return attestationAuthMethod;
}
