/** Texts of "Mina ombud", Swedish first, English as a choice. Kept beside the screen. */
import { getLang } from '../../i18n';

const texts = {
  title: { sv: 'Mina ombud', en: 'My powers of attorney' },
  intro: {
    sv: 'Ge någon fullmakt att företräda dig hos en myndighet eller ett företag, se vilka fullmakter du har gett och fått, och återkalla en fullmakt direkt. Fullmakterna finns hos Mina ombud (Bolagsverket).',
    en: 'Give someone a power of attorney to act for you at a public body or a company, see the powers of attorney you have given and received, and revoke one at once. They are kept by Mina ombud (Bolagsverket).',
  },
  signInHint: {
    sv: 'Du loggar in hos Mina ombud med e-legitimation. Inloggningen gäller en kort stund; sedan loggar du in igen.',
    en: 'You sign in at Mina ombud with e-ID. The sign-in lasts a short while; then you sign in again.',
  },
  signIn: { sv: 'Logga in hos Mina ombud', en: 'Sign in at Mina ombud' },
  signedIn: {
    sv: 'Du är inloggad hos Mina ombud till {time}.',
    en: 'You are signed in at Mina ombud until {time}.',
  },
  signOut: { sv: 'Logga ut från Mina ombud', en: 'Sign out of Mina ombud' },
  cancelled: {
    sv: 'Inloggningen hos Mina ombud avbröts. Välj ”Logga in hos Mina ombud” för att försöka igen.',
    en: 'The sign-in at Mina ombud was cancelled. Choose “Sign in at Mina ombud” to try again.',
  },
  lapsed: {
    sv: 'Inloggningen hos Mina ombud har gått ut. Logga in igen för att fortsätta.',
    en: 'The sign-in at Mina ombud has expired. Sign in again to continue.',
  },
  giveHeading: { sv: 'Ge en fullmakt', en: 'Give a power of attorney' },
  agentLabel: { sv: 'Ombudets personnummer', en: 'The agent’s personal identity number' },
  agentHint: { sv: '12 siffror, till exempel 198806244417', en: '12 digits, for example 198806244417' },
  partiesLegend: { sv: 'Hos vilka', en: 'Where' },
  partiesAll: { sv: 'Alla myndigheter och företag', en: 'Every body and company' },
  partiesSome: { sv: 'Bara dessa (organisationsnummer)', en: 'Only these (organisation numbers)' },
  partiesHint: {
    sv: 'Till exempel 212000-0004; skilj flera med komma',
    en: 'For example 212000-0004; separate several with commas',
  },
  partiesInput: { sv: 'Organisationsnummer', en: 'Organisation numbers' },
  purposesInput: { sv: 'Ärendetyper', en: 'Kinds of matter' },
  purposesLegend: { sv: 'För vilka ärenden', en: 'For which matters' },
  purposesAll: { sv: 'Alla ärenden', en: 'Every matter' },
  purposesSome: { sv: 'Bara dessa ärendetyper', en: 'Only these kinds of matter' },
  purposesHint: {
    sv: 'Till exempel building_permit; skilj flera med komma',
    en: 'For example building_permit; separate several with commas',
  },
  validFrom: { sv: 'Gäller från', en: 'Valid from' },
  validUntil: { sv: 'Gäller till och med', en: 'Valid until (inclusive)' },
  give: { sv: 'Ge fullmakt', en: 'Give power of attorney' },
  given: { sv: 'Fullmakten till {name} är given.', en: 'The power of attorney for {name} is given.' },
  revoked: {
    sv: 'Fullmakten till {name} är återkallad.',
    en: 'The power of attorney for {name} is revoked.',
  },
  refused: {
    sv: 'Mina ombud tog inte emot fullmakten: {reason}',
    en: 'Mina ombud did not accept the power of attorney: {reason}',
  },
  reasonSelf: {
    sv: 'du kan inte ge dig själv fullmakt.',
    en: 'you cannot give yourself a power of attorney.',
  },
  reasonUnknownAgent: {
    sv: 'ombudet finns inte i folkbokföringen. Kontrollera personnumret.',
    en: 'the agent is not in the population register. Check the number.',
  },
  reasonDates: { sv: 'kontrollera datumen.', en: 'check the dates.' },
  reasonOther: { sv: 'kontrollera uppgifterna.', en: 'check what you entered.' },
  givenHeading: { sv: 'Fullmakter du har gett', en: 'Powers of attorney you have given' },
  receivedHeading: { sv: 'Fullmakter du har fått', en: 'Powers of attorney you have received' },
  noneGiven: { sv: 'Du har inte gett någon fullmakt.', en: 'You have not given any power of attorney.' },
  noneReceived: { sv: 'Ingen har gett dig fullmakt.', en: 'Nobody has given you a power of attorney.' },
  to: { sv: 'Till', en: 'To' },
  from: { sv: 'Från', en: 'From' },
  where: { sv: 'Hos', en: 'At' },
  matters: { sv: 'Ärenden', en: 'Matters' },
  period: { sv: 'Giltig', en: 'Valid' },
  all: { sv: 'alla', en: 'all' },
  revoke: { sv: 'Återkalla', en: 'Revoke' },
  status_active: { sv: 'Gäller', en: 'In force' },
  status_not_yet_valid: { sv: 'Gäller inte än', en: 'Not yet in force' },
  status_expired: { sv: 'Har gått ut', en: 'Expired' },
  status_revoked: { sv: 'Återkallad', en: 'Revoked' },
} as const;

export type OmbudTextKey = keyof typeof texts;

export function ot(key: OmbudTextKey, values: Record<string, string | number> = {}): string {
  let text: string = texts[key][getLang()];
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}
