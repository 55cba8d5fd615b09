/** Texts of "Avsluta kontot", Swedish first, English as a choice (kept beside the screen). */
import { getLang } from '../../i18n';

const texts = {
  title: { sv: 'Avsluta kontot', en: 'Close your account' },
  intro: {
    sv: 'När du avslutar kontot händer det här:',
    en: 'When you close your account:',
  },
  whatPermissions: {
    sv: 'Dina stående tillstånd återkallas, och mottagarna får besked.',
    en: 'Your standing permissions are withdrawn, and the recipients are told.',
  },
  whatHolders: {
    sv: 'Myndigheternas loggar slutar visas här; inloggningen hos dem avslutas.',
    en: 'The public bodies’ logs are no longer shown here; the sign-in with them ends.',
  },
  whatDeleted: {
    sv: 'Allt i plånboken raderas: intyg, logg, kvitton, kontaktuppgifter. Det går inte att ångra.',
    en: 'Everything in the wallet is deleted: credentials, log, receipts, contact details. This cannot be undone.',
  },
  whatReceipts: {
    sv: 'Vill du att en mottagare raderar det du har delat, be om det först under',
    en: 'If you want a recipient to erase what you shared, ask first under',
  },
  usageLink: { sv: 'Vem har tagit del?', en: 'Who has used my data?' },
  step1: { sv: '1. Ladda ner allt', en: '1. Download everything' },
  step1Text: {
    sv: 'En fil (JSON) med dina intyg, loggen, kvittona från mottagarna, tillstånden och kontaktuppgifterna. Med kvittona kan du fortfarande be en mottagare radera.',
    en: 'One file (JSON) with your credentials, the log, the recipients’ receipts, the permissions and your contact details. With the receipts you can still ask a recipient to erase.',
  },
  download: { sv: 'Ladda ner allt', en: 'Download everything' },
  downloaded: { sv: 'Filen är nedladdad.', en: 'The file is downloaded.' },
  step2: { sv: '2. Avsluta', en: '2. Close' },
  step2Locked: {
    sv: 'Ladda ner filen först.',
    en: 'Download the file first.',
  },
  close: { sv: 'Avsluta kontot', en: 'Close the account' },
  confirm: {
    sv: 'Vill du avsluta kontot och radera allt i plånboken? Det går inte att ångra.',
    en: 'Close the account and delete everything in the wallet? This cannot be undone.',
  },
  confirmYes: { sv: 'Ja, avsluta kontot', en: 'Yes, close the account' },
  cancel: { sv: 'Avbryt', en: 'Cancel' },
  closing: { sv: 'Avslutar … mottagarna får besked.', en: 'Closing … the recipients are being told.' },
  closed: { sv: 'Ditt konto är avslutat.', en: 'Your account is closed.' },
  closedText: {
    sv: 'Allt i plånboken är raderat. Du kan logga in igen när du vill; då börjar du med en tom plånbok.',
    en: 'Everything in the wallet is deleted. You can sign in again whenever you like; you then start with an empty wallet.',
  },
  told: {
    sv: '{who} har fått besked om att tillståndet är återkallat.',
    en: '{who} has been told the permission is withdrawn.',
  },
  notTold: {
    sv: '{who} svarade inte. Kontakta dem och säg att du har återkallat tillståndet.',
    en: '{who} did not answer. Contact them and say that you have withdrawn the permission.',
  },
  holderEnded: { sv: 'Inloggningen hos {who} är avslutad.', en: 'The sign-in with {who} has ended.' },
  holderNotEnded: {
    sv: '{who} bekräftade inte; inloggningen upphör av sig själv inom 30 dagar.',
    en: '{who} did not confirm; the sign-in ends by itself within 30 days.',
  },
  eraseAlso: {
    sv: 'Be också alla mottagare jag har delat med att radera det de fick',
    en: 'Also ask every recipient I have shared with to erase what they received',
  },
  erased: { sv: '{who} har raderat det du delade.', en: '{who} has erased what you shared.' },
  erasureRefused: {
    sv: '{who} raderar inte än: de måste spara uppgifterna en tid. Kvittot finns i filen du laddade ner.',
    en: '{who} does not erase yet: they must keep the data for a time. The receipt is in the file you downloaded.',
  },
  erasureFailed: {
    sv: '{who} svarade inte på begäran om radering. Med kvittot i filen du laddade ner kan du be igen.',
    en: '{who} did not answer the request to erase. With the receipt in the file you downloaded you can ask again.',
  },
  toStart: { sv: 'Till startsidan', en: 'To the start page' },
} as const;

export function ct(key: keyof typeof texts, values: Record<string, string> = {}): string {
  let text: string = texts[key][getLang()];
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, value);
  return text;
}
