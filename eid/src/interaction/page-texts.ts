/** The login pages speak Swedish first; English is one link away (`?lang=en`). */
export type Lang = 'sv' | 'en';

export interface PageTexts {
  serviceName: string;
  title: string;
  intro: (clientName: string) => string;
  testNotice: string;
  legend: string;
  orType: string;
  numberLabel: string;
  numberHint: string;
  submit: string;
  cancel: string;
  otherLanguage: { lang: Lang; label: string };
  kindLabel: { personal_identity_number: string; coordination_number: string };
  errorHeading: string;
  errors: {
    missing: string;
    malformed: string;
    unknown: string;
    expired: string;
    server: string;
    provider: string;
  };
}

export const pageTexts: Record<Lang, PageTexts> = {
  sv: {
    serviceName: 'Test-eID',
    title: 'Logga in med test-eID',
    intro: (clientName) => `${clientName} vill att du loggar in.`,
    testNotice:
      'Det här är en testtjänst för demonstrationen Min profil. Alla personer här är påhittade. ' +
      'Logga aldrig in med uppgifter om en riktig person.',
    legend: 'Välj en testperson',
    orType: 'Eller skriv ett nummer',
    numberLabel: 'Personnummer eller samordningsnummer',
    numberHint: '12 siffror, till exempel 19121212-1212.',
    submit: 'Logga in',
    cancel: 'Avbryt inloggningen',
    otherLanguage: { lang: 'en', label: 'In English' },
    kindLabel: { personal_identity_number: 'personnummer', coordination_number: 'samordningsnummer' },
    errorHeading: 'Något gick fel',
    errors: {
      missing: 'Välj en testperson eller skriv ett personnummer.',
      malformed:
        'Numret är inte ett giltigt personnummer eller samordningsnummer. Skriv 12 siffror, till exempel 19121212-1212.',
      unknown: 'Det finns ingen testperson med det numret. Välj en av personerna i listan.',
      expired: 'Inloggningen har gått ut eller är redan avslutad. Gå tillbaka till tjänsten och börja om.',
      server: 'Inloggningen kunde inte slutföras. Försök igen om en stund.',
      provider: 'Tjänsten som skickade dig hit bad om inloggning på ett sätt som inte går att godta.',
    },
  },
  en: {
    serviceName: 'Test eID',
    title: 'Sign in with the test eID',
    intro: (clientName) => `${clientName} asks you to sign in.`,
    testNotice:
      'This is a test service for the Min profil demonstration. Every person here is made up. ' +
      'Never sign in with the details of a real person.',
    legend: 'Choose a test person',
    orType: 'Or type a number',
    numberLabel: 'Personal identity number or coordination number',
    numberHint: '12 digits, for example 19121212-1212.',
    submit: 'Sign in',
    cancel: 'Cancel sign-in',
    otherLanguage: { lang: 'sv', label: 'På svenska' },
    kindLabel: {
      personal_identity_number: 'personal identity number',
      coordination_number: 'coordination number',
    },
    errorHeading: 'Something went wrong',
    errors: {
      missing: 'Choose a test person or type a personal identity number.',
      malformed:
        'That is not a valid personal identity number or coordination number. Type 12 digits, for example 19121212-1212.',
      unknown: 'There is no test person with that number. Choose one of the people in the list.',
      expired: 'This sign-in has expired or is already finished. Go back to the service and start again.',
      server: 'The sign-in could not be completed. Please try again in a moment.',
      provider: 'The service that sent you here asked for a sign-in in a way that cannot be accepted.',
    },
  },
};

/** `?lang=en` wins; otherwise the client's `ui_locales` (OIDC Core §3.1.2.1); otherwise Swedish. */
export function chooseLang(query: unknown, uiLocales?: unknown): Lang {
  if (query === 'en' || query === 'sv') return query;
  if (typeof uiLocales === 'string') {
    for (const tag of uiLocales.split(' ')) {
      const primary = tag.toLowerCase().split('-')[0];
      if (primary === 'sv' || primary === 'en') return primary;
    }
  }
  return 'sv';
}
