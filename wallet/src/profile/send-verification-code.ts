import { randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import type { CodeChannel } from '../persistence/profile-entities.js';
import { codeRules, createCode, findEntry, hashCode, hashValue } from './one-time-codes.js';
import { readProfile } from './read-profile.js';

function messageFor(channel: CodeChannel, code: string) {
  const minutes = codeRules.ttl / 60;
  const text =
    `Din kod för Min profil är ${code}. Den gäller i ${minutes} minuter.\n` +
    'Om du inte har bett om koden kan du bortse från det här meddelandet.';
  return channel === 'email'
    ? { channel: 'email' as const, subject: 'Bekräfta din e-postadress i Min profil', text }
    : { channel: 'sms' as const, text };
}

/**
 * Sends a fresh 6-digit code to an e-mail address or phone number of the profile. Earlier codes
 * for the entry stop working. Rate-limited per entry and per person.
 */
export async function sendVerificationCode(
  ctx: WalletContext,
  account: AccountRow,
  options: { channel: CodeChannel; itemId: string },
): Promise<{ expiresAt: number; resendAfter: number }> {
  const { profile } = await readProfile(ctx, account);
  const { entry, value } = findEntry(profile, options.channel, options.itemId);
  if (entry.verified) throw new OAuthError('invalid_request', 'this is already verified', { status: 409 });
  if (!ctx.messages) {
    throw new OAuthError('temporarily_unavailable', 'this wallet cannot send codes at the moment');
  }
  const messages = ctx.messages;
  const now = ctx.now();
  const dataKey = dataKeyOf(ctx, account);
  const id = randomUUID();
  const code = createCode();
  // Checks and insert in one transaction, serialised per person on the profile row (PostgreSQL;
  // SQLite serialises write transactions): parallel requests cannot all pass the limits.
  await ctx.db.transaction(async (manager) => {
    await ctx.profiles.lockProfile(account.id, manager);
    const latest = await ctx.profiles.latestCode(account.id, options.itemId, manager);
    const wait = latest ? latest.createdAt + codeRules.resendAfter - now : 0;
    if (wait > 0) {
      throw new OAuthError('too_many_requests', 'a code was sent a moment ago; wait before asking again', {
        headers: { 'Retry-After': String(wait) },
      });
    }
    if ((await ctx.profiles.countCodesSince(account.id, now - 3600, manager)) >= codeRules.perHour) {
      throw new OAuthError('too_many_requests', 'too many codes in the last hour; try again later', {
        headers: { 'Retry-After': '3600' },
      });
    }
    await ctx.profiles.closeOpenCodes(account.id, options.itemId, now, manager);
    await ctx.profiles.insertCode(
      {
        id,
        accountId: account.id,
        channel: options.channel,
        itemId: options.itemId,
        valueHash: hashValue(dataKey, options.channel, value),
        codeHash: hashCode(dataKey, id, code),
        attempts: 0,
        createdAt: now,
        expiresAt: now + codeRules.ttl,
        closedAt: null,
      },
      manager,
    );
  });
  // Sent only after the commit: a rolled-back code never reaches anyone.
  try {
    await messages.send({ ...messageFor(options.channel, code), to: value, accountId: account.id });
  } catch (cause) {
    await ctx.profiles.closeCode(id, now);
    throw new OAuthError('temporarily_unavailable', 'the code could not be sent; try again later', {
      status: 502,
      cause,
    });
  }
  // Never the address, number or code.
  ctx.logger.info({ account: account.id, channel: options.channel }, 'verification code queued');
  return { expiresAt: now + codeRules.ttl, resendAfter: now + codeRules.resendAfter };
}
