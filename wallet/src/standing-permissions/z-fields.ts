import { z } from 'zod';
import { contactProfileClaims } from '@min-profil/shared/contact-profile/contact-profile';

/** Contact-profile fields in answers (a standing permission's, a request's). */
export const zFieldList = z
  .array(z.enum(contactProfileClaims))
  .meta({ description: 'Top-level contact-profile claims (one disclosure each)' });
