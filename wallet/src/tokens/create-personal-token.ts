import { randomUUID } from 'node:crypto';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import type { PersonalTokenRow } from '../persistence/entities.js';
import type { PersonalTokenStore } from '../persistence/personal-token-store.js';

/** Prefix that makes a leaked token easy to recognise (secret scanners, logs). */
export const personalTokenPrefix = 'mpw_';

/** Creates a personal access token; the token itself is returned once and stored hashed. */
export async function createPersonalToken(
  ctx: { now: () => number; store: Pick<PersonalTokenStore, 'insertPersonalToken'> },
  accountId: string,
  name: string,
): Promise<{ row: PersonalTokenRow; token: string }> {
  const token = personalTokenPrefix + randomToken();
  const row: PersonalTokenRow = {
    id: randomUUID(),
    tokenHash: hashSecret(token),
    accountId,
    name,
    createdAt: ctx.now(),
    lastUsedAt: null,
  };
  await ctx.store.insertPersonalToken(row);
  return { row, token };
}
