/**
 * Texts of "Vem har tagit del av mina uppgifter?", Swedish first, English as a choice. Kept
 * beside the screen (the shared dictionary in i18n.ts has only its navigation entry).
 */
import { getLang } from '../../i18n';

const texts = {
  title: { sv: 'Vem har tagit del av mina uppgifter?', en: 'Who has used my data?' },
  intro: {
    sv: 'Här ser du vem som har använt dina uppgifter: myndigheternas egna loggar, mottagarnas kvitton på det du har delat och plånbokens logg. Varje händelse säger vem, vad, när, varför och med vilket lagstöd.',
    en: 'Here you see who has used your data: the public bodies’ own logs, the recipients’ receipts for what you shared, and your wallet’s log. Each entry says who, what, when, why and on which legal ground.',
  },
  overviewLink: { sv: 'Vem har vad om mig?', en: 'Who holds what about me?' },
  sourcesHeading: { sv: 'Hämtas från', en: 'Fetched from' },
  holderLoading: { sv: 'hämtar …', en: 'fetching …' },
  holderDone: { sv: '{n} händelser', en: '{n} entries' },
  holderMore: { sv: 'Hämta fler', en: 'Fetch more' },
  holderFailed: {
    sv: 'svarade inte. Försök igen om en stund.',
    en: 'did not answer. Try again in a while.',
  },
  holderReconnect: {
    sv: 'inloggningen har gått ut. Logga in hos myndigheten igen för att se loggen.',
    en: 'the sign-in has expired. Sign in at the body again to see the log.',
  },
  holderNotConnected: { sv: 'inte ansluten', en: 'not connected' },
  connect: { sv: 'Visa loggen', en: 'Show the log' },
  connectHint: {
    sv: 'Du loggar in hos myndigheten med e-legitimation en gång; sedan visas loggen här i 30 dagar.',
    en: 'You sign in at the body with e-ID once; the log is then shown here for 30 days.',
  },
  tryAgain: { sv: 'Försök igen', en: 'Try again' },
  connectCancelled: {
    sv: 'Inloggningen hos myndigheten avbröts, så loggen visas inte.',
    en: 'The sign-in at the body was cancelled, so the log is not shown.',
  },
  connectCancelledNext: {
    sv: 'Välj ”Visa loggen” för att försöka igen.',
    en: 'Choose “Show the log” to try again.',
  },
  connected: {
    sv: 'Plånboken visar nu loggen från myndigheten.',
    en: 'The wallet now shows the body’s log.',
  },
  recipients: { sv: 'Mottagare du har delat med', en: 'Recipients you have shared with' },
  recipientsDone: { sv: '{n} kvitton', en: '{n} receipts' },
  recipientFailed: { sv: 'svarade inte om senare användning', en: 'did not answer about later use' },
  walletLog: { sv: 'Plånbokens logg', en: 'Your wallet’s log' },
  filters: { sv: 'Visa', en: 'Show' },
  filterWho: { sv: 'Vem', en: 'Who' },
  filterKind: { sv: 'Vilka uppgifter', en: 'Which data' },
  filterPeriod: { sv: 'Period', en: 'Period' },
  filterCase: { sv: 'Ärende', en: 'Case' },
  caseLabel: { sv: 'Ärende', en: 'Case' },
  all: { sv: 'Alla', en: 'All' },
  period30: { sv: 'Senaste 30 dagarna', en: 'Last 30 days' },
  period365: { sv: 'Senaste året', en: 'Last year' },
  periodAll: { sv: 'Hela tiden', en: 'All time' },
  exportCsv: { sv: 'Ladda ner som CSV', en: 'Download as CSV' },
  exportJson: { sv: 'Ladda ner som JSON', en: 'Download as JSON' },
  count: { sv: '{n} händelser', en: '{n} entries' },
  showMore: { sv: 'Visa fler ({n} till)', en: 'Show more ({n} more)' },
  empty: {
    sv: 'Inga händelser att visa. Visa loggen från en myndighet ovan, eller ändra filtret.',
    en: 'No entries to show. Show a body’s log above, or change the filter.',
  },
  who: { sv: 'Vem', en: 'Who' },
  what: { sv: 'Vad', en: 'What' },
  why: { sv: 'Varför', en: 'Why' },
  legalBasis: { sv: 'Lagstöd', en: 'Legal ground' },
  reportedBy: { sv: 'Enligt', en: 'Reported by' },
  orgNumber: { sv: 'org.nr {n}', en: 'org. no. {n}' },
  yourApproval: { sv: 'Ditt godkännande', en: 'Your approval' },
  yourWallet: { sv: 'Din plånbok', en: 'Your wallet' },
  requestDeletion: { sv: 'Begär radering', en: 'Request deletion' },
  confirmDeletion: {
    sv: 'Vill du be {who} att radera det du delade? De svarar med ett kvitto, eller med skälet att de måste spara uppgifterna.',
    en: 'Ask {who} to erase what you shared? They answer with a receipt, or with the reason they must keep the data.',
  },
  confirmDeletionYes: { sv: 'Ja, begär radering', en: 'Yes, request deletion' },
  cancel: { sv: 'Avbryt', en: 'Cancel' },
  deletion_requested: {
    sv: 'Radering begärd – väntar på svar.',
    en: 'Deletion requested – awaiting the answer.',
  },
  deletion_deleted: { sv: 'Raderat {at}.', en: 'Erased {at}.' },
  deletion_refused: {
    sv: 'Mottagaren raderar inte än: {ground}. Uppgifterna sparas till {until}.',
    en: 'The recipient does not erase yet: {ground}. The data is kept until {until}.',
  },
  deletion_failed: {
    sv: 'Begäran gick inte fram. Försök igen om en stund.',
    en: 'The request did not get through. Try again in a while.',
  },
  keptUntil: { sv: 'Sparas till {until}.', en: 'Kept until {until}.' },
} as const;

export type UsageTextKey = keyof typeof texts;

export function ut(key: UsageTextKey, values: Record<string, string | number> = {}): string {
  let text: string = texts[key][getLang()];
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/** What a holder or consumer did, in words (the holders' and consumers' own action codes). */
const actions: Record<string, { sv: string; en: string }> = {
  issued: { sv: 'Intyg utfärdat till dig', en: 'Credential issued to you' },
  lookup: { sv: 'Uppgifter hämtade ur registret', en: 'Data looked up in the register' },
  staff_view: { sv: 'Visat för personal', en: 'Shown to staff' },
  revoked: { sv: 'Intyg återkallat', en: 'Credential revoked' },
  suspended: { sv: 'Intyg tillfälligt spärrat', en: 'Credential suspended' },
  reinstated: { sv: 'Intyg giltigt igen', en: 'Credential valid again' },
  shared: { sv: 'Du delade uppgifter', en: 'You shared data' },
  delivered: { sv: 'Ändrade uppgifter levererade', en: 'Changed details delivered' },
  sent: { sv: 'Skickat vidare till mottagarens eget system', en: 'Sent on to the recipient’s own system' },
  viewed: { sv: 'Visat för mottagarens personal', en: 'Shown to the recipient’s staff' },
  deleted: { sv: 'Raderat hos mottagaren', en: 'Erased by the recipient' },
};

export function actionText(action: string): string {
  return actions[action]?.[getLang()] ?? action;
}

/** Field names holders and consumers report, in words; an unknown one is shown as it is. */
const fields: Record<string, { sv: string; en: string }> = {
  given_name: { sv: 'Förnamn', en: 'Given name' },
  family_name: { sv: 'Efternamn', en: 'Family name' },
  birth_date: { sv: 'Födelsedatum', en: 'Date of birth' },
  birthdate: { sv: 'Födelsedatum', en: 'Date of birth' },
  personal_identity_number: { sv: 'Personnummer', en: 'Personal identity number' },
  coordination_number: { sv: 'Samordningsnummer', en: 'Coordination number' },
  address: { sv: 'Adress', en: 'Address' },
  emails: { sv: 'E-postadresser', en: 'E-mail addresses' },
  phones: { sv: 'Telefonnummer', en: 'Phone numbers' },
  issued_credentials: { sv: 'Utfärdade intyg', en: 'Issued credentials' },
  credential_status: { sv: 'Intygets status', en: 'Credential status' },
};

export function fieldText(field: string): string {
  // `credential_status:<configuration>` (holders), `<query>.<claim>` (consumers).
  const name = field.split(':')[0]!.split('.').at(-1)!;
  return fields[name]?.[getLang()] ?? name;
}
