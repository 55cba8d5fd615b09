import { z } from 'zod';
import { zProfileAddress } from '../profile/z-profile.js';

/** A Swedish organisation number, NNNNNN-NNNN, as Bolagsverket's signatory credential has it. */
export const zOrgNumber = z.string().regex(/^\d{6}-\d{4}$/, 'must be an organisation number NNNNNN-NNNN');

const zCompanyAddress = zProfileAddress.omit({ source: true });

/**
 * What `PUT /api/companies/{org}/profile` accepts: the company's contact details — a person's
 * fields plus an address for official mail — replaced as a whole.
 */
export const zCompanyProfileUpdate = z
  .object({
    profile_version: z.number().int().min(0).meta({
      description: 'The version this edit was made from (0 for the first); 409 when the profile has moved on',
    }),
    address: zCompanyAddress.nullable(),
    official_mail_address: zCompanyAddress.nullable(),
    emails: z.array(z.object({ address: z.string().trim().max(254).pipe(z.email()) }).strict()).max(5),
    phones: z
      .array(
        z
          .object({ number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, such as +46701234567') })
          .strict(),
      )
      .max(5),
    preferred_language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as sv or en')
      .nullable(),
  })
  .strict();

export type CompanyProfileUpdate = z.infer<typeof zCompanyProfileUpdate>;
export type CompanyProfile = Omit<CompanyProfileUpdate, 'profile_version'>;

export const zCompanyProfileView = z.object({
  org_number: z.string(),
  company_name: z.string(),
  profile_version: z.number().int(),
  updated_at: z.iso.datetime().nullable(),
  profile: z
    .object({
      address: zCompanyAddress.nullable(),
      official_mail_address: zCompanyAddress.nullable(),
      emails: z.array(z.object({ address: z.string() })),
      phones: z.array(z.object({ number: z.string() })),
      preferred_language: z.string().nullable(),
    })
    .nullable(),
});
