import { z } from 'zod';
import { zPersonalIdentityNumber } from '@min-profil/shared/validation';
import { zApprovalDocument } from './z-create-approval-request.js';

/**
 * `POST /api/presentation-requests/{id}/second-signatory`: whom the first signatory named as the
 * second, and what they are asked to approve.
 */
export const zSecondSignatoryRequest = z
  .object({
    personal_identity_number: zPersonalIdentityNumber,
    title: z.string().min(1).max(300),
    document: zApprovalDocument,
  })
  .strict();

export type SecondSignatoryRequest = z.output<typeof zSecondSignatoryRequest>;
