import { SignJWT, type JWK } from 'jose';
import { KEY_ATTESTATION_TYP } from '@min-profil/shared/key-attestation/z-key-attestation';
import type { WalletContext } from '../context.js';
import { walletProviderSigner } from './wallet-provider-certificate.js';

/** Long enough for one credential request; the attestation is made per request. */
const lifetimeSeconds = 300;

/**
 * A key attestation (OID4VCI 1.0 Appendix D.1) for the holder keys of one credential request,
 * signed by the wallet provider with its certificate chain. Honest about where the keys are: this
 * wallet keeps them in its service's software KMS and uses them once the person has signed in,
 * so both `key_storage` and `user_authentication` are the lowest level, `iso_18045_basic`
 * (Appendix D.2). Those levels cannot say who can use a key, so `min_profil_key_protection`
 * does (docs/passkeys.md#key-attestation). Undefined when the provider has no certificate.
 */
export async function createKeyAttestation(
  ctx: WalletContext,
  options: { keys: JWK[]; nonce?: string; protection: 'service' | 'passkey' },
): Promise<string | undefined> {
  const signer = await walletProviderSigner(ctx);
  if (!signer) return undefined;
  const now = ctx.now();
  return new SignJWT({
    attested_keys: options.keys.map(({ kty, crv, x, y }) => ({ kty, crv, x, y })),
    key_storage: ['iso_18045_basic'],
    user_authentication: ['iso_18045_basic'],
    min_profil_key_protection: options.protection,
    ...(options.nonce ? { nonce: options.nonce } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: KEY_ATTESTATION_TYP, kid: signer.kid, x5c: signer.x5c })
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(signer.privateKey);
}
