import { calculateJwkThumbprint, type JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import { X509ChainError } from '@min-profil/shared/pki/x509-chain-error';
import { isSdJwtError } from '@min-profil/shared/sd-jwt/sd-jwt-error';
import { verifySdJwtVc, type VerifiedSdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { resolveIssuerKey } from '../credentials/resolve-issuer-key.js';

/** A holder key a credential may be bound to: service-held (`kmsKid`) or page-held (`keyId`). */
export type HolderKeyRef =
  | { kmsKid: string; keyId?: undefined; publicJwk: JWK }
  | { keyId: string; kmsKid?: undefined; publicJwk: JWK };

export type VerifiedCopy = { compact: string; verified: VerifiedSdJwtVc } & (
  { kmsKid: string; keyId?: undefined } | { keyId: string; kmsKid?: undefined }
);

/**
 * Checks a credential as it arrives (before anything is stored): issuer signature with the
 * issuer's published key, `iss` is the issuer we asked, validity period, disclosures, the
 * `vct` the metadata promised, and that `cnf.jwk` is one of the holder keys we proved.
 */
export async function verifyReceivedCredential(
  ctx: WalletContext,
  options: {
    compact: string;
    credentialIssuer: string;
    keys: HolderKeyRef[];
    expectedVct?: string;
  },
): Promise<VerifiedCopy> {
  let verified: VerifiedSdJwtVc;
  try {
    verified = await verifySdJwtVc({
      compact: options.compact,
      now: ctx.now(),
      resolveIssuerKey: async ({ iss, header }) => {
        if (iss !== options.credentialIssuer) throw new Error('the credential names another issuer');
        return resolveIssuerKey(ctx, { iss, header });
      },
    });
  } catch (error) {
    const code = isSdJwtError(error) ? error.code : 'invalid';
    // A refused certificate chain says which certificate and why (no claim values in it).
    const reason =
      error instanceof Error && error.cause instanceof X509ChainError ? `: ${error.message}` : '';
    throw new OAuthError(
      'invalid_request',
      `the credential from the issuer did not verify (${code})${reason}; nothing was stored`,
      {
        status: 502,
        extra: { verification_error: code },
      },
    );
  }
  if (options.expectedVct !== undefined && verified.vct !== options.expectedVct) {
    throw new OAuthError(
      'invalid_request',
      'the credential is not of the type the issuer offered; nothing was stored',
      {
        status: 502,
      },
    );
  }
  const cnf = verified.cnf?.jwk;
  if (!cnf) {
    throw new OAuthError(
      'invalid_request',
      'the credential is not bound to a wallet key; nothing was stored',
      { status: 502 },
    );
  }
  const thumbprint = await calculateJwkThumbprint(cnf, 'sha256');
  for (const key of options.keys) {
    if ((await calculateJwkThumbprint(key.publicJwk, 'sha256')) === thumbprint) {
      return key.keyId !== undefined
        ? { compact: options.compact, keyId: key.keyId, verified }
        : { compact: options.compact, kmsKid: key.kmsKid, verified };
    }
  }
  throw new OAuthError(
    'invalid_request',
    'the credential is bound to a key this wallet did not prove; nothing was stored',
    {
      status: 502,
    },
  );
}
