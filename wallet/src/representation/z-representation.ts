import { z } from 'zod';
import { zLocalized } from '../openapi/z-localized.js';

const zPartyProof = z.object({
  credential_id: z.string(),
  name: zLocalized,
  issuer_name: zLocalized,
  expires_at: z.string().nullable().meta({ description: 'When the proof ends (a child turns 18)' }),
});

export const zRepresentedParty = z
  .object({
    id: z.string().meta({ description: 'Stable id of the party (does not show its number)' }),
    kind: z.enum(['child', 'company', 'principal']),
    name: z.string(),
    identifier: z.object({
      type: z.enum(['personal_identity_number', 'org_number']),
      value: z.string(),
    }),
    proven_by: z.array(zPartyProof).min(1),
  })
  .meta({ id: 'RepresentedParty' });

/** `GET /api/representation`: "Jag företräder" — myself, and whom my credentials let me act for. */
export const zRepresentation = z
  .object({
    parties: z.array(zRepresentedParty).meta({
      description:
        'Besides the person themself: each child (guardian credential), company (signatory credential) and principal (mandate) a valid credential in the wallet proves they may act for',
    }),
  })
  .meta({ id: 'Representation' });
