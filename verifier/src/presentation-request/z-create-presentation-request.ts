import { z } from 'zod';
import { zCaseAsk } from '../cases/z-case.js';

/**
 * What every request a consumer creates names — a presentation request or an approval request:
 * a DCQL query or a named template, what for, and where the result goes.
 */
export const requestFields = {
  dcql_query: z.record(z.string(), z.unknown()).optional().meta({
    description: 'A DCQL query (OpenID4VP 1.0 §6). Exactly one of dcql_query and template.',
  }),
  template: z.string().min(1).max(100).optional().meta({
    description:
      'A named template of the consumer, e.g. unemployment_claim (insurer), internship_agreement (af-praktik).',
  }),
  /** The children a template about children (the school's guardian_contact) asks about. */
  children: z
    .array(z.string().regex(/^\d{12}$/))
    .min(1)
    .max(10)
    .optional()
    .meta({
      description:
        'The personal identity numbers (12 digits) of the children a template about children asks for (school: guardian_contact); the answer must hold a guardian credential for each, and for no other.',
    }),
  /** Shown to the person by the wallet; a template brings its own. */
  purpose: z.string().min(1).max(500).optional().meta({ description: 'Required with dcql_query.' }),
  callback_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .meta({
      description:
        'Where the result is POSTed. Refused with invalid_request when its name does not resolve or resolves to a loopback, private or link-local address (unless the deployment allows internal targets); checked again where each delivery connects.',
    }),
  // No zod default: the consumer's profile gives it (consumer-profile.ts).
  response_mode: z.enum(['direct_post', 'direct_post.jwt']).optional().meta({
    description:
      'Default direct_post; direct_post.jwt for a consumer with the HAIP profile, which refuses direct_post (invalid_request)',
  }),
  /** Also draw the QR code into the answer (`qr_svg`); `qr_code_uri` serves it either way. */
  include_qr_svg: z.boolean().optional(),
  /** Same-device flow: where the wallet sends the person back (with `#response_code=…`). */
  redirect_uri: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .meta({
      description:
        'Same-device: where the wallet returns the person, with #response_code=…. An https URL without user info (http only on loopback with ALLOW_INSECURE_URLS=1); anything else is 400 invalid_request',
    }),
};

/** `POST /api/presentation-requests`: a DCQL query or a named template, and what for. */
export const zCreatePresentationRequest = z
  .object({
    ...requestFields,
    response_mode: z.enum(['direct_post', 'direct_post.jwt', 'dc_api', 'dc_api.jwt']).optional().meta({
      description:
        'Default direct_post; direct_post.jwt for a consumer with the HAIP profile, which refuses the unencrypted direct_post and dc_api (invalid_request). dc_api and dc_api.jwt (OpenID4VP 1.0 Appendix A): the consumer page asks through the browser Digital Credentials API (GET /openid4vp/dc-api/requests/{id}) and posts the answer to POST /openid4vp/dc-api/responses/{id}; needs expected_origins',
    }),
    /** Appendix A.2: the origins the consumer's page calls the Digital Credentials API from. */
    expected_origins: z
      .array(z.url({ protocol: /^https?$/ }).max(300))
      .min(1)
      .max(10)
      .optional()
      .meta({
        description: 'Required with dc_api and dc_api.jwt: web origins such as https://insurer.example',
      }),
    /**
     * Ask for a standing permission (docs/standing-permissions.md): `true` for every contact
     * profile query, or the query ids; a template that asks for one does so by itself.
     */
    standing_permission: z
      .union([
        z.boolean(),
        z.object({ credential_ids: z.array(z.string().min(1).max(100)).min(1).max(10) }).strict(),
      ])
      .optional()
      .meta({
        description:
          'Ask the wallet for a standing permission on the contact profile (urn:min-profil:contact-profile:1): true for every such credential query, or { credential_ids }. Templates that ask for one (contact_profile) do so by themselves.',
      }),
    /** Ask to open a case with the answer (docs/cases.md); the person may decline it alone. */
    case: zCaseAsk.optional().meta({
      description:
        'Ask the wallet to open a case with the answer: { title, reference, events_endpoint_hint? } (docs/cases.md)',
    }),
  })
  .strict()
  .refine((r) => (r.dcql_query === undefined) !== (r.template === undefined), {
    message: 'give exactly one of dcql_query and template',
    path: ['dcql_query'],
  })
  .refine((r) => r.template !== undefined || r.purpose !== undefined, {
    message: 'purpose is required with a dcql_query',
    path: ['purpose'],
  })
  .refine((r) => isDcApi(r.response_mode) === (r.expected_origins !== undefined), {
    message: 'expected_origins goes with response_mode dc_api or dc_api.jwt, and only with them',
    path: ['expected_origins'],
  })
  .refine((r) => !isDcApi(r.response_mode) || r.redirect_uri === undefined, {
    message: 'a Digital Credentials API request has no redirect_uri: the page that asked gets the answer',
    path: ['redirect_uri'],
  });

export type CreatePresentationRequest = z.infer<typeof zCreatePresentationRequest>;

function isDcApi(mode: string | undefined): boolean {
  return mode?.startsWith('dc_api') ?? false;
}
