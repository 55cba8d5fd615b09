import { z } from 'zod';

/** `POST /api/credentials/{id}/replace`: the copy fetched again that replaces this credential. */
export const zReplaceRequest = z
  .object({
    replacement: z.string().min(1).max(100).meta({
      description: 'The kept credential, fetched again and bound to keys made in the page, that replaces it',
    }),
  })
  .strict();
