import { z } from 'zod';

/**
 * A registration certificate for a wallet-relying party (WRPRC, ETSI TS 119 475 as the EUDI
 * reference verifier and wallets use it): what a consumer is registered for, signed by a registrar
 * whose certificate chains to a CA the trust list names. Sent in OpenID4VP 1.0 `verifier_info`.
 */
export const REGISTRATION_CERTIFICATE_TYP = 'rc-wrp+jwt';
/** The `verifier_info` entry's `format` (OpenID4VP 1.0 §5.1; the EUDI reference verifier's name). */
export const REGISTRATION_CERT_FORMAT = 'registration_cert';

const zLangString = z.object({ lang: z.string().min(2).max(35), value: z.string().min(1).max(1000) });
const zClaimPath = z
  .array(z.union([z.string().max(100), z.number().int().nonnegative(), z.null()]))
  .min(1)
  .max(10);

export const zRegisteredCredential = z
  .object({
    format: z.enum(['dc+sd-jwt', 'jwt_vc_json']),
    /** As in DCQL: `vct_values` for dc+sd-jwt, `type_values` for jwt_vc_json. */
    meta: z
      .object({
        vct_values: z.array(z.string().max(500)).max(20).optional(),
        type_values: z
          .array(z.array(z.string().max(500)).max(20))
          .max(20)
          .optional(),
      })
      .loose(),
    claim: z.array(z.object({ path: zClaimPath }).loose()).max(100),
  })
  .loose();

/** The members we read; others in ETSI TS 119 475 (support_uri, entitlements, …) pass through. */
export const zRegistrationCertificatePayload = z
  .object({
    /** The consumer's identifier: its `client_id` as the trust list names it. */
    sub: z.string().min(1).max(500),
    /** The registered (trade) name. */
    name: z.string().min(1).max(300),
    country: z.string().length(2).optional(),
    /** The intended use, in each language registered. */
    purpose: z.array(zLangString).min(1).max(10),
    /** What the consumer may ask for under this intended use. */
    credentials: z.array(zRegisteredCredential).max(50),
    /** Shown as a link on the consent screen: web addresses only. */
    privacy_policy: z
      .string()
      .url()
      .max(500)
      .regex(/^https?:\/\//)
      .optional(),
    intended_use_id: z.string().max(200).optional(),
    iat: z.number().int(),
    exp: z.number().int().optional(),
  })
  .loose();

export type RegistrationCertificatePayload = z.infer<typeof zRegistrationCertificatePayload>;
/** What the registrar certifies, before `iat` and `exp` are set (Pick: the payload type is loose). */
export type RegistrationCertificateClaims = Pick<
  RegistrationCertificatePayload,
  'sub' | 'name' | 'country' | 'purpose' | 'credentials' | 'privacy_policy' | 'intended_use_id'
>;
export type RegisteredCredential = z.infer<typeof zRegisteredCredential>;
