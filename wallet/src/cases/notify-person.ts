import type { WalletContext } from '../context.js';
import type { OutgoingMessage } from '../messages/message-gateway.js';
import { readProfile } from '../profile/read-profile.js';
import type { StoredProfile } from '../profile/profile-model.js';
import type { WalletCaseEventType } from './case-entities.js';

const texts = {
  sv: {
    needs_information:
      'Ett ärende i din plånbok behöver uppgifter från dig. Logga in i Min profil för att se vad.',
    decision: 'Det finns ett beslut i ett av dina ärenden. Logga in i Min profil för att läsa det.',
    subject: 'Nytt i Mina ärenden',
  },
  en: {
    needs_information: 'A case in your wallet needs information from you. Sign in to Min profil to see what.',
    decision: 'There is a decision in one of your cases. Sign in to Min profil to read it.',
    subject: 'News in My cases',
  },
};

/**
 * The message for a case event that needs the person or decides, by their contact preferences
 * (`decisions` for a decision, `general` otherwise; else the default order): the first channel
 * the wallet can send on (e-mail, SMS) with a verified address. Null: nothing to send. Pure; the
 * text names neither the body nor the case, since e-mail and SMS are not the wallet.
 */
export function caseNotification(
  profile: StoredProfile,
  type: WalletCaseEventType,
): Omit<OutgoingMessage, 'accountId'> | null {
  if (type !== 'needs_information' && type !== 'decision') return null;
  const preferences = profile.contact_preferences;
  if (!preferences) return null;
  const matter = type === 'decision' ? 'decisions' : 'general';
  const order = preferences.by_matter?.[matter] ?? preferences.default;
  const words = profile.preferred_language?.startsWith('en') ? texts.en : texts.sv;
  for (const channel of order) {
    if (channel === 'email') {
      const email = profile.emails.find((e) => e.verified);
      if (email) return { channel: 'email', to: email.address, subject: words.subject, text: words[type] };
    }
    if (channel === 'sms') {
      const phone = profile.phones.find((p) => p.verified);
      if (phone) return { channel: 'sms', to: phone.number, text: words[type] };
    }
  }
  return null;
}

/** Sends it, when there is a gateway; a failure is logged (class only) and the event stands. */
export async function notifyPerson(
  ctx: WalletContext,
  accountId: string,
  type: WalletCaseEventType,
): Promise<void> {
  if (!ctx.messages || (type !== 'needs_information' && type !== 'decision')) return;
  try {
    const account = await ctx.store.findAccount(accountId);
    if (!account) return;
    const message = caseNotification((await readProfile(ctx, account)).profile, type);
    if (message) await ctx.messages.send({ ...message, accountId });
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).name }, 'case notification not sent');
  }
}
