import { hashSecret } from '@min-profil/shared/secrets';
import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { WebAuthnChallengeRow, WebAuthnPurpose } from '../persistence/passkey-entities.js';

/** The challenge the browser signed, read from `clientDataJSON` (WebAuthn §5.8.1). */
function challengeOf(clientDataJSON: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as unknown;
    const challenge = (parsed as { challenge?: unknown }).challenge;
    if (typeof challenge === 'string' && challenge.length > 0) return challenge;
  } catch {
    // Fall through: not JSON.
  }
  throw new OAuthError('invalid_request', 'clientDataJSON carries no challenge');
}

/**
 * Takes the challenge of a ceremony once (a replayed response finds it gone), for this account
 * and purpose. Returns the challenge and what was stored with it.
 */
export async function takeChallenge(
  ctx: WalletContext,
  account: AccountRow,
  purpose: WebAuthnPurpose,
  clientDataJSON: string,
): Promise<{ challenge: string; row: WebAuthnChallengeRow }> {
  const challenge = challengeOf(clientDataJSON);
  const row = await ctx.store.takeWebAuthnChallenge(hashSecret(challenge), ctx.now());
  if (!row || row.purpose !== purpose) {
    throw new OAuthError('invalid_request', 'the challenge is unknown, used or expired: start again');
  }
  if (row.accountId !== account.id) {
    throw new OAuthError('access_denied', 'the challenge was issued to another account');
  }
  return { challenge, row };
}

export async function storeChallenge(
  ctx: WalletContext,
  row: Omit<WebAuthnChallengeRow, 'challengeHash' | 'expiresAt'> & { challenge: string },
  ttl: number,
): Promise<void> {
  const { challenge, ...rest } = row;
  await ctx.store.insertWebAuthnChallenge({
    ...rest,
    challengeHash: hashSecret(challenge),
    expiresAt: ctx.now() + ttl,
  });
}
