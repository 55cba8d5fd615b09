/**
 * Texts of the contact profile screen, Swedish first, English as a choice. Kept beside the
 * screen (the shared dictionary in i18n.ts has only its navigation and log entries).
 */
import { getLang } from '../../i18n';

const texts = {
  title: { sv: 'Kontaktuppgifter', en: 'Contact details' },
  intro: {
    sv: 'Dina kontaktuppgifter finns i plånboken. Du väljer själv vilka myndigheter som får dem, och de som har fått dem får dina ändringar.',
    en: 'Your contact details are kept in your wallet. You choose which public bodies get them, and those that have them receive your changes.',
  },
  lastSaved: { sv: 'Senast sparad {at}.', en: 'Last saved {at}.' },
  technical: { sv: 'Tekniska detaljer', en: 'Technical details' },
  version: { sv: 'Version {n} av kontaktuppgifterna.', en: 'Version {n} of the contact details.' },
  notSavedYet: { sv: 'Inget sparat ännu.', en: 'Nothing saved yet.' },
  addressLegend: { sv: 'Adress', en: 'Address' },
  street: { sv: 'Gatuadress', en: 'Street address' },
  postalCode: { sv: 'Postnummer', en: 'Postal code' },
  locality: { sv: 'Postort', en: 'Town or city' },
  country: { sv: 'Land', en: 'Country' },
  countryHint: {
    sv: 'Två bokstäver, till exempel SE för Sverige.',
    en: 'Two letters, for example SE for Sweden.',
  },
  // {holder}: the holder's name from the trust list, never a name kept here.
  fromSkatteverket: {
    sv: 'Folkbokföringsadress från {holder}',
    en: 'Registered address, from {holder}',
  },
  suggestionText: {
    sv: '{holder} har din folkbokföringsadress:',
    en: '{holder} holds your registered address:',
  },
  adopt: { sv: 'Hämta från {holder}', en: 'Get from {holder}' },
  adopted: {
    sv: 'Folkbokföringsadressen från {holder} är sparad.',
    en: 'The registered address from {holder} is saved.',
  },
  addressEdited: {
    sv: 'Du har ändrat adressen. Den sparas som en adress du själv har angett.',
    en: 'You have changed the address. It will be saved as an address you entered yourself.',
  },
  emailsLegend: { sv: 'E-postadresser', en: 'E-mail addresses' },
  emailLabel: { sv: 'E-postadress {n}', en: 'E-mail address {n}' },
  addEmail: { sv: 'Lägg till e-postadress', en: 'Add e-mail address' },
  phonesLegend: { sv: 'Telefonnummer', en: 'Phone numbers' },
  phoneLabel: { sv: 'Telefonnummer {n}', en: 'Phone number {n}' },
  phoneHint: {
    sv: 'Med landsnummer, till exempel +46 70 123 45 67. Svenska nummer som börjar med 0 sparas med +46.',
    en: 'With country code, for example +46 70 123 45 67. Swedish numbers starting with 0 are saved with +46.',
  },
  addPhone: { sv: 'Lägg till telefonnummer', en: 'Add phone number' },
  remove: { sv: 'Ta bort', en: 'Remove' },
  verified: { sv: 'Verifierad {at}', en: 'Verified {at}' },
  notVerified: { sv: 'Inte verifierad', en: 'Not verified' },
  saveToVerify: { sv: 'Spara först, sedan kan du verifiera.', en: 'Save first, then you can verify.' },
  sendCode: { sv: 'Skicka kod', en: 'Send code' },
  sendNewCode: { sv: 'Skicka ny kod', en: 'Send a new code' },
  codeSent: {
    sv: 'Vi har skickat en kod med sex siffror till {value}. Den gäller i 10 minuter.',
    en: 'We have sent a six-digit code to {value}. It is valid for 10 minutes.',
  },
  demoOutbox: {
    sv: 'Det här är en demo: koden hamnar i demoutkorgen.',
    en: 'This is a demo: the code goes to the demo outbox.',
  },
  openOutbox: { sv: 'Öppna demoutkorgen', en: 'Open the demo outbox' },
  codeLabel: { sv: 'Kod till {value}', en: 'Code sent to {value}' },
  codeHint: { sv: 'Sex siffror.', en: 'Six digits.' },
  confirmCode: { sv: 'Bekräfta kod', en: 'Confirm code' },
  verifiedNow: { sv: '{value} är verifierad.', en: '{value} is verified.' },
  cannotSend: {
    sv: 'Plånboken kan inte skicka koder just nu.',
    en: 'The wallet cannot send codes at the moment.',
  },
  reason_wrong_code: { sv: 'Fel kod. Du har {n} försök kvar.', en: 'Wrong code. You have {n} tries left.' },
  reason_locked: {
    sv: 'Koden har spärrats efter för många felaktiga försök. Skicka en ny kod.',
    en: 'The code is blocked after too many wrong tries. Send a new code.',
  },
  reason_expired: {
    sv: 'Koden har gått ut. Skicka en ny kod.',
    en: 'The code has expired. Send a new code.',
  },
  reason_no_code: { sv: 'Ingen kod väntar. Skicka en ny kod.', en: 'No code is waiting. Send a new code.' },
  reason_value_changed: {
    sv: 'Uppgiften har ändrats sedan koden skickades. Skicka en ny kod.',
    en: 'The entry has changed since the code was sent. Send a new code.',
  },
  tooSoon: {
    sv: 'En kod skickades nyss. Vänta en stund innan du ber om en ny.',
    en: 'A code was sent a moment ago. Wait a little before asking for a new one.',
  },
  languageLegend: { sv: 'Språk', en: 'Language' },
  languageLabel: { sv: 'Språk du helst vill få besked på', en: 'Language you prefer to be contacted in' },
  languageNone: { sv: 'Inget valt', en: 'Not chosen' },
  prefsLegend: { sv: 'Hur vill du bli kontaktad?', en: 'How do you want to be contacted?' },
  prefsHint: {
    sv: 'Kryssa för de sätt du vill bli kontaktad på och ordna dem: det översta först.',
    en: 'Tick the ways you want to be contacted and put them in order: the first at the top.',
  },
  prefsDefault: { sv: 'Vanligtvis', en: 'Usually' },
  mattersLegend: { sv: 'Annan ordning för vissa ärenden', en: 'A different order for some matters' },
  matterOwn: { sv: 'Egen ordning för {matter}', en: 'Own order for {matter}' },
  use: { sv: 'Använd {channel}', en: 'Use {channel}' },
  moveUp: { sv: 'Flytta upp {channel}', en: 'Move {channel} up' },
  moveDown: { sv: 'Flytta ned {channel}', en: 'Move {channel} down' },
  up: { sv: 'Upp', en: 'Up' },
  down: { sv: 'Ned', en: 'Down' },
  channel_digital_mailbox: { sv: 'Digital brevlåda', en: 'Digital mailbox' },
  channel_email: { sv: 'E-post', en: 'E-mail' },
  channel_sms: { sv: 'Sms', en: 'Text message' },
  channel_paper_post: { sv: 'Brev på papper', en: 'Paper letter' },
  matter_decisions: { sv: 'beslut', en: 'decisions' },
  matter_payments: { sv: 'betalningar', en: 'payments' },
  matter_appointments: { sv: 'bokade tider', en: 'appointments' },
  matter_reminders: { sv: 'påminnelser', en: 'reminders' },
  matter_general: { sv: 'övrigt', en: 'other matters' },
  save: { sv: 'Spara kontaktuppgifter', en: 'Save contact details' },
  // What happened and what follows, not a version number (that is under Tekniska detaljer).
  saved: {
    sv: 'Sparat. De som har fått dina kontaktuppgifter får ändringen.',
    en: 'Saved. Those who have your contact details get the change.',
  },
  noLongerVerified: {
    sv: 'Ändrat, och därför inte längre verifierat: {list}. Skicka en kod för att verifiera igen.',
    en: 'Changed, and so no longer verified: {list}. Send a code to verify again.',
  },
  unchanged: { sv: 'Inget var ändrat.', en: 'Nothing had changed.' },
  conflict: {
    sv: 'Uppgifterna har ändrats någon annanstans. De senaste är hämtade; gör din ändring igen.',
    en: 'Your details were changed elsewhere. The latest are loaded; make your change again.',
  },
} satisfies Record<string, { sv: string; en: string }>;

export type ProfileTextKey = keyof typeof texts;

/** The text in the person's language, with `{name}` placeholders filled in. */
export function pt(key: ProfileTextKey, values: Record<string, string | number> = {}): string {
  return texts[key][getLang()].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
