import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  clientAuthenticationClientAttestationJwt,
  clientAuthenticationNone,
  type ClientAuthenticationCallback,
} from '@openid4vc/oauth2';
import type { WalletContext } from '../context.js';
import { createDpopKey } from '../crypto/dpop-key.js';
import { createClientCallbacks } from '../crypto/oid4vc-callbacks.js';
import type { SignerKey } from '../credential-offer/receive-credentials.js';
import { walletProviderSigner } from '../provider/wallet-provider-certificate.js';

/**
 * The wallet as its own wallet provider (OAuth 2.0 Attestation-Based Client Authentication, as
 * OID4VCI 1.0 Appendix E and HAIP use it): for one request it makes an instance key, and the
 * provider key — certified by the trust list's CA (`walletProviderSigner`) — signs a short-lived attestation
 * that this key belongs to `min-profil-wallet` (`sub`), from this provider (`iss`: the wallet's
 * URL, the host the certificate names). The library's `attest_jwt_client_auth` helper sends it
 * with a PoP signed by the instance key. Without a certificate the wallet stays a public client.
 */
export async function walletClientAuthentication(
  ctx: WalletContext,
  /** Where the signer callback finds keys: the instance key is added for the PoP. */
  signingKeys: SignerKey[],
): Promise<ClientAuthenticationCallback> {
  const none = clientAuthenticationNone({ clientId: ctx.settings.oauthClientId });
  const provider = await walletProviderSigner(ctx);
  if (!provider) return none;
  const instance = createDpopKey();
  signingKeys.push(instance);
  const now = ctx.now();
  const { kty, crv, x, y } = instance.publicJwk;
  const attestation = await new SignJWT({
    iss: ctx.baseUrl,
    sub: ctx.settings.oauthClientId,
    iat: now,
    exp: now + ctx.settings.attestationTtl,
    cnf: { jwk: { kty, crv, x, y } },
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'oauth-client-attestation+jwt', x5c: provider.x5c })
    .sign(provider.privateKey);
  const { signJwt } = createClientCallbacks({
    fetch: ctx.fetch,
    clientId: ctx.settings.oauthClientId,
    signingKeys,
  });
  const attest = clientAuthenticationClientAttestationJwt({
    clientAttestationJwt: attestation,
    callbacks: { signJwt, generateRandom: (length) => randomBytes(length) },
  });
  // Only where the server says it takes attestations; elsewhere the wallet names itself as before.
  return (options) =>
    options.authorizationServerMetadata.token_endpoint_auth_methods_supported?.includes(
      'attest_jwt_client_auth',
    )
      ? attest(options)
      : none(options);
}
