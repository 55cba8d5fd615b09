/** The holder's own pages speak Swedish first; English is one button away. */
export type Lang = 'sv' | 'en';

export interface PageTexts {
  consentTitle: string;
  consentIntro: (holderName: string) => string;
  recipientLabel: string;
  credentialsLabel: string;
  holderLabel: string;
  explanation: string;
  continueLabel: string;
  cancelLabel: string;
  otherLanguage: { lang: Lang; label: string };
  errorTitle: string;
  errorIntro: string;
  errorWhatToDo: string;
  otherBrowser: string;
  technicalDetails: string;
  /** The consent page when the wallet asks to read the person's usage log (scope usage_log). */
  usageLog: {
    title: string;
    intro: (holderName: string) => string;
    recipientLabel: string;
    grantLabel: string;
    grant: string;
    holderLabel: string;
    explanation: string;
  };
  /** The consent page when the wallet asks to manage the person's powers of attorney (scope mandates). */
  mandates: PageTexts['usageLog'];
}

export const pageTexts: Record<Lang, PageTexts> = {
  sv: {
    consentTitle: 'Hämta intyg',
    consentIntro: (holderName) => `${holderName} utfärdar ett intyg till dig när du har loggat in.`,
    recipientLabel: 'Intyget skickas till',
    credentialsLabel: 'Intyg',
    holderLabel: 'Utfärdas av',
    explanation:
      'Fortsätt bara om du själv har bett om intyget i den här plånboken. ' +
      'Om du inte känner igen plånboken: avbryt.',
    continueLabel: 'Fortsätt',
    cancelLabel: 'Avbryt',
    otherLanguage: { lang: 'en', label: 'In English' },
    errorTitle: 'Något gick fel',
    errorIntro: 'Begäran om intyg kan inte godtas, så inget intyg skickas någonstans.',
    errorWhatToDo: 'Gå tillbaka till din plånbok och börja om.',
    otherBrowser:
      'Inloggningen avslutades i en annan webbläsare än den där du valde att fortsätta. ' +
      'Om du inte själv har loggat in nyss kan någon ha försökt få ut ditt intyg.',
    technicalDetails: 'Teknisk information',
    usageLog: {
      title: 'Visa vem som har tagit del av dina uppgifter',
      intro: (holderName) =>
        `${holderName} visar din plånbok när och av vem dina uppgifter har använts, när du har loggat in.`,
      recipientLabel: 'Läsrätten ges till',
      grantLabel: 'Vad plånboken får läsa',
      grant: 'Loggen över vem som har tagit del av dina uppgifter',
      holderLabel: 'Loggen förs av',
      explanation:
        'Plånboken får läsa loggen i upp till 30 dagar utan ny inloggning. ' +
        'Om du inte känner igen plånboken: avbryt.',
    },
    mandates: {
      title: 'Hantera dina fullmakter',
      intro: (holderName) =>
        `${holderName} låter din plånbok ge och återkalla fullmakter i ditt namn, när du har loggat in.`,
      recipientLabel: 'Rätten ges till',
      grantLabel: 'Vad plånboken får göra',
      grant: 'Ge fullmakter, visa dem och återkalla dem',
      holderLabel: 'Fullmakterna förs av',
      explanation:
        'Plånboken kan ge och återkalla fullmakter i ditt namn en kort stund efter inloggningen. ' +
        'Om du inte känner igen plånboken: avbryt.',
    },
  },
  en: {
    consentTitle: 'Get a credential',
    consentIntro: (holderName) => `${holderName} issues a credential to you once you have signed in.`,
    recipientLabel: 'The credential is sent to',
    credentialsLabel: 'Credential',
    holderLabel: 'Issued by',
    explanation:
      'Only continue if you asked for this credential in this wallet yourself. ' +
      'If you do not recognise the wallet: cancel.',
    continueLabel: 'Continue',
    cancelLabel: 'Cancel',
    otherLanguage: { lang: 'sv', label: 'På svenska' },
    errorTitle: 'Something went wrong',
    errorIntro: 'The request for a credential cannot be accepted, so no credential is sent anywhere.',
    errorWhatToDo: 'Go back to your wallet and start again.',
    otherBrowser:
      'The sign-in finished in another browser than the one where you chose to continue. ' +
      'If you did not just sign in yourself, someone may have tried to obtain your credential.',
    technicalDetails: 'Technical details',
    usageLog: {
      title: 'Show who has used your data',
      intro: (holderName) =>
        `${holderName} shows your wallet when and by whom your data was used, once you have signed in.`,
      recipientLabel: 'Read access is given to',
      grantLabel: 'What the wallet may read',
      grant: 'The log of who has used your data',
      holderLabel: 'The log is kept by',
      explanation:
        'The wallet may read the log for up to 30 days without a new sign-in. ' +
        'If you do not recognise the wallet: cancel.',
    },
    mandates: {
      title: 'Manage your powers of attorney',
      intro: (holderName) =>
        `${holderName} lets your wallet give and revoke powers of attorney in your name, once you have signed in.`,
      recipientLabel: 'The right is given to',
      grantLabel: 'What the wallet may do',
      grant: 'Give powers of attorney, list them and revoke them',
      holderLabel: 'The powers of attorney are kept by',
      explanation:
        'The wallet can give and revoke powers of attorney in your name for a short while after the sign-in. ' +
        'If you do not recognise the wallet: cancel.',
    },
  },
};

/** An explicit choice wins; otherwise the wallet's `ui_locales` (RFC 9126 carries it); otherwise Swedish. */
export function chooseLang(choice: unknown, uiLocales?: string | null): Lang {
  if (choice === 'en' || choice === 'sv') return choice;
  for (const tag of (uiLocales ?? '').split(' ')) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'sv' || primary === 'en') return primary;
  }
  return 'sv';
}
