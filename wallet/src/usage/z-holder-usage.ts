import { z } from 'zod';

const short = z.string().max(500);

/**
 * A page of a holder's usage log as the holder answers `GET /{holder}/usage` (issue 19): the
 * holder is trusted for what it says about itself, but its answer is still checked (and
 * bounded) before the wallet passes it on.
 */
export const zHolderUsageEntry = z.object({
  time: z.iso.datetime({ offset: true }),
  action: z.string().max(40),
  receiver: z.object({
    name: short,
    org_number: short.nullable(),
    system: short.nullable().optional(),
  }),
  fields: z.array(z.string().max(200)).max(100),
  purpose: short,
  legal_basis: short,
});

export const zHolderUsagePage = z.object({
  usage: z.array(zHolderUsageEntry).max(100),
  next_cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .optional(),
});

export type HolderUsagePage = z.infer<typeof zHolderUsagePage>;
