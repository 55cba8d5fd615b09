import { z } from 'zod';

/**
 * What every request a consumer creates names — a presentation request or an approval request:
 * a DCQL query or a named template, what for, and where the result goes.
 */
export const requestFields = {
  dcql_query: z.record(z.string(), z.unknown()).optional(),
  template: z.string().min(1).max(100).optional(),
  /** Shown to the person by the wallet; a template brings its own. */
  purpose: z.string().min(1).max(500).optional(),
  callback_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  response_mode: z.enum(['direct_post', 'direct_post.jwt']).default('direct_post'),
  /** Also draw the QR code into the answer (`qr_svg`); `qr_code_uri` serves it either way. */
  include_qr_svg: z.boolean().optional(),
  /** Same-device flow: where the wallet sends the person back (with `#response_code=…`). */
  redirect_uri: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
};

/** `POST /api/presentation-requests`: a DCQL query or a named template, and what for. */
export const zCreatePresentationRequest = z
  .object({
    ...requestFields,
    /**
     * Ask for a standing permission (docs/standing-permissions.md): `true` for every contact
     * profile query, or the query ids; a template that asks for one does so by itself.
     */
    standing_permission: z
      .union([
        z.boolean(),
        z.object({ credential_ids: z.array(z.string().min(1).max(100)).min(1).max(10) }).strict(),
      ])
      .optional(),
  })
  .strict()
  .refine((r) => (r.dcql_query === undefined) !== (r.template === undefined), {
    message: 'give exactly one of dcql_query and template',
    path: ['dcql_query'],
  })
  .refine((r) => r.template !== undefined || r.purpose !== undefined, {
    message: 'purpose is required with a dcql_query',
    path: ['purpose'],
  });

export type CreatePresentationRequest = z.infer<typeof zCreatePresentationRequest>;
