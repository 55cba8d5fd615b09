/** Texts of the company profile screen, Swedish first, English as a choice. Kept beside the screen. */
import { getLang } from '../../i18n';

const texts = {
  title: { sv: 'Företagets kontaktuppgifter', en: 'Company contact details' },
  intro: {
    sv: 'Kontaktuppgifterna tillhör företaget. Den som är firmatecknare i dag enligt Bolagsverket kan se och ändra dem och bestämma vilka myndigheter som får dem och varje senare ändring.',
    en: 'The contact details belong to the company. Whoever signs for it today according to Bolagsverket can see and change them, and decide which public bodies receive them and every later change.',
  },
  chooseCompany: { sv: 'Välj företag', en: 'Choose a company' },
  noCompanies: {
    sv: 'Du har inget firmatecknarbevis från Bolagsverket i plånboken. Hämta det under ”Hämta uppgifter”.',
    en: 'You hold no signatory credential from Bolagsverket. Fetch it under “Fetch data”.',
  },
  notSignatory: {
    sv: 'Du är inte firmatecknare för företaget i dag enligt Bolagsverket, så du kan inte se eller ändra dess uppgifter.',
    en: 'You do not sign for this company today according to Bolagsverket, so you cannot see or change its details.',
  },
  profileHeading: { sv: 'Kontaktuppgifter', en: 'Contact details' },
  street: { sv: 'Gatuadress', en: 'Street address' },
  postalCode: { sv: 'Postnummer', en: 'Postal code' },
  locality: { sv: 'Ort', en: 'Town' },
  address: { sv: 'Besöksadress', en: 'Visiting address' },
  officialMail: { sv: 'Adress för myndighetspost', en: 'Address for official mail' },
  email: { sv: 'E-postadress', en: 'E-mail address' },
  phone: { sv: 'Telefonnummer', en: 'Phone number' },
  phoneHint: {
    sv: 'Med landsnummer, till exempel +46701234567',
    en: 'With country code, for example +46701234567',
  },
  language: { sv: 'Språk för kontakter', en: 'Language for contact' },
  languageSv: { sv: 'Svenska', en: 'Swedish' },
  languageEn: { sv: 'Engelska', en: 'English' },
  save: { sv: 'Spara', en: 'Save' },
  saved: { sv: 'Sparat. Version {version}.', en: 'Saved. Version {version}.' },
  moved: {
    sv: 'En annan firmatecknare har ändrat uppgifterna under tiden. De nya uppgifterna visas nu; gör din ändring igen.',
    en: 'Another signatory changed the details meanwhile. The new details are shown now; make your change again.',
  },
  invalid: { sv: 'Något stämmer inte: {reason}', en: 'Something is not right: {reason}' },
  sharingHeading: { sv: 'Stående samtycken', en: 'Standing permissions' },
  keyNote: {
    sv: 'Uppdateringarna till myndigheterna skrivs under med företagets nyckel, som plånbokstjänsten förvarar åt företaget. Ingen enskild firmatecknares nyckel används, eftersom företaget finns kvar när firmatecknare byts.',
    en: 'The updates to the public bodies are signed with the company’s key, which the wallet service keeps for the company. No single signatory’s key is used, since the company stays when its signatories change.',
  },
  noPermissions: {
    sv: 'Företaget delar inte uppgifterna med någon.',
    en: 'The company shares the details with no one.',
  },
  since: { sv: 'Sedan {date}', en: 'Since {date}' },
  lastDelivered: { sv: 'Senast skickad version {version}', en: 'Last sent: version {version}' },
  pending: { sv: 'Ändringar på väg: {count}', en: 'Changes on their way: {count}' },
  withdrawn: { sv: 'Återkallat', en: 'Withdrawn' },
  withdraw: { sv: 'Återkalla', en: 'Withdraw' },
  withdrawnDone: {
    sv: 'Samtycket till {name} är återkallat.',
    en: 'The permission for {name} is withdrawn.',
  },
  shareHeading: { sv: 'Dela med fler myndigheter', en: 'Share with more bodies' },
  shareHint: {
    sv: 'Myndigheten får uppgifterna nu och varje senare ändring, tills en firmatecknare återkallar.',
    en: 'The body receives the details now and every later change, until a signatory withdraws.',
  },
  bodies: { sv: 'Myndigheter', en: 'Public bodies' },
  fields: { sv: 'Uppgifter', en: 'Details' },
  share: { sv: 'Dela', en: 'Share' },
  sharedDone: { sv: 'Delat med {names}.', en: 'Shared with {names}.' },
  saveFirst: { sv: 'Spara uppgifterna innan du delar dem.', en: 'Save the details before sharing them.' },
  field_address: { sv: 'Besöksadress', en: 'Visiting address' },
  field_official_mail_address: { sv: 'Adress för myndighetspost', en: 'Address for official mail' },
  field_emails: { sv: 'E-post', en: 'E-mail' },
  field_phones: { sv: 'Telefon', en: 'Phone' },
  field_preferred_language: { sv: 'Språk', en: 'Language' },
} as const;

export type CompanyTextKey = keyof typeof texts;

export function ct(key: CompanyTextKey, values: Record<string, string | number> = {}): string {
  let text: string = texts[key][getLang()];
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}
