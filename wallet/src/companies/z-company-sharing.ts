import { z } from 'zod';
import { companyContactProfileClaims } from '@min-profil/shared/contact-profile/company-contact-profile';

/** `POST /api/companies/{org}/standing-permissions`: share the company profile with bodies. */
export const zCompanyShareBody = z
  .object({
    consumers: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(50)
      .meta({ description: 'Trust-list consumer ids (`GET /api/companies/{org}/standing-permissions`)' }),
    fields: z
      .array(z.enum(companyContactProfileClaims))
      .min(1)
      .max(companyContactProfileClaims.length)
      // One order everywhere: the contract's.
      .transform((fields) => companyContactProfileClaims.filter((claim) => fields.includes(claim)))
      .meta({ description: 'Company profile claims; limited per body to what it is registered for' }),
  })
  .strict();

export type CompanyShareBody = z.infer<typeof zCompanyShareBody>;
