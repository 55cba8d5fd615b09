import { z } from 'zod';

const base64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/, 'base64url')
  .max(4096);

/** `PublicKeyCredential.toJSON()` of a registration (WebAuthn Level 3 §5.1), as much as we read. */
export const zRegistrationResponse = z
  .object({
    id: base64url,
    rawId: base64url,
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: base64url,
        attestationObject: base64url,
        transports: z.array(z.string().max(50)).max(10).optional(),
      })
      .loose(),
    clientExtensionResults: z.record(z.string(), z.unknown()),
    authenticatorAttachment: z.string().max(50).optional(),
  })
  .loose();

export const zAuthenticationResponse = z
  .object({
    id: base64url,
    rawId: base64url,
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: base64url,
        authenticatorData: base64url,
        signature: base64url,
        userHandle: base64url.optional(),
      })
      .loose(),
    clientExtensionResults: z.record(z.string(), z.unknown()),
    authenticatorAttachment: z.string().max(50).optional(),
  })
  .loose();

/** AES-KW of a 256-bit key: 40 bytes, 54 base64url characters. */
const zWrappedAccountKey = z.string().regex(/^[A-Za-z0-9_-]{54}$/, 'an AES-KW-wrapped 256-bit key');

export const zRegisterPasskey = z
  .object({
    name: z.string().trim().min(1).max(100),
    credential: zRegistrationResponse,
    /** Absent when the authenticator gave no PRF output at creation; set after the first unlock. */
    wrapped_account_key: zWrappedAccountKey.optional(),
  })
  .strict();

export const zUnlock = z.object({ credential: zAuthenticationResponse }).strict();

export const zSetWrappedAccountKey = z.object({ wrapped_account_key: zWrappedAccountKey }).strict();

const zPublicP256Jwk = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: base64url.length(43),
    y: base64url.length(43),
  })
  .strict();

/** A holder key made in the page: its public JWK and the pkcs8 private key AES-GCM-wrapped. */
export const zWrappedHolderKey = z
  .object({
    public_jwk: zPublicP256Jwk,
    wrapped_key: base64url.min(16),
    iv: base64url.length(16),
  })
  .strict();

export const zStoreHolderKeys = z.object({ keys: z.array(zWrappedHolderKey).min(1).max(20) }).strict();
