/** What each consumer's page says, and the fields the person fills in by hand. */
export const pageText: Record<
  string,
  {
    title: { sv: string; en: string };
    intro: { sv: string; en: string };
    manual: Array<{ id: string; sv: string; en: string }>;
  }
> = {
  insurer: {
    title: { sv: 'Ansök om ersättning vid arbetslöshet', en: 'Claim unemployment benefit' },
    intro: {
      sv: 'Vi behöver veta att du är inskriven hos Arbetsförmedlingen. Dela ditt inskrivningsintyg från plånboken så fylls uppgifterna i åt dig.',
      en: 'We need to know that you are registered with the Swedish Public Employment Service. Share your registration certificate from your wallet and the form is filled in for you.',
    },
    manual: [
      { id: 'last_day', sv: 'Sista anställningsdag', en: 'Last day of employment' },
      { id: 'account', sv: 'Kontonummer för utbetalning', en: 'Bank account for payment' },
    ],
  },
  university: {
    title: { sv: 'Anmälan till högskoleutbildning', en: 'Apply to higher education' },
    intro: {
      sv: 'Dela din gymnasieexamen från plånboken så att vi kan pröva din behörighet.',
      en: 'Share your upper-secondary diploma from your wallet so that we can assess your eligibility.',
    },
    manual: [{ id: 'programme_choice', sv: 'Sökt utbildning', en: 'Programme applied for' }],
  },
  'af-praktik': {
    title: { sv: 'Ansök om praktikplats', en: 'Apply for an internship' },
    intro: {
      sv: 'Dela uppehållstillstånd, arbetstillstånd och folkbokföringsadress i ett steg. Saknar du något av dem kan plånboken hämta det.',
      en: 'Share your residence permit, work permit and registered address in one step. If one is missing, your wallet can fetch it.',
    },
    manual: [
      {
        id: 'interest',
        sv: 'Vilken sorts praktik söker du?',
        en: 'What kind of internship are you looking for?',
      },
    ],
  },
};

export const t = {
  share: { sv: 'Dela uppgifter från plånboken', en: 'Share data from your wallet' },
  scan: {
    sv: 'Skanna QR-koden med plånboken i mobilen.',
    en: 'Scan the QR code with the wallet on your phone.',
  },
  qrAlt: {
    sv: 'QR-kod för att dela uppgifter med plånboken',
    en: 'QR code for sharing data with the wallet',
  },
  // The same-device link to the demo wallet works in any browser: the primary action. An
  // `openid4vp://` link does nothing without an installed wallet app.
  openDemoWallet: { sv: 'Öppna i plånboken', en: 'Open in the wallet' },
  openWallet: { sv: 'Öppna i en plånboksapp', en: 'Open in a wallet app' },
  sameDevice: {
    sv: 'Har du plånboken på den här enheten? Öppna den härifrån och kom tillbaka hit när du har svarat.',
    en: 'Is your wallet on this device? Open it from here and you will come back here once you have answered.',
  },
  otherDevice: { sv: 'Plånboken på en annan enhet', en: 'The wallet on another device' },
  waiting: { sv: 'Väntar på svar från plånboken …', en: 'Waiting for the wallet …' },
  verified: {
    sv: 'Uppgifterna är verifierade och ifyllda nedan.',
    en: 'The data is verified and filled in below.',
  },
  pendingSecondSignatory: {
    sv: 'Uppgifterna är verifierade och ifyllda nedan. Företaget tecknas av två i förening: ansökan väntar på den andra firmatecknaren.',
    en: 'The data is verified and filled in below. The company signs two jointly: the application waits for the second signatory.',
  },
  rejected: { sv: 'Uppgifterna kunde inte godtas.', en: 'The data could not be accepted.' },
  expired: {
    sv: 'Förfrågan har gått ut utan svar.',
    en: 'The request expired without an answer.',
  },
  retry: { sv: 'Försök igen', en: 'Try again' },
  deleted: {
    sv: 'Uppgifterna har raderats efter lagringstiden.',
    en: 'The data has been deleted after the retention period.',
  },
  source: { sv: 'Källa', en: 'Source' },
  verifiedBy: { sv: 'Verifierat av', en: 'Verified by' },
  yourDetails: { sv: 'Uppgifter du fyller i själv', en: 'Details you fill in yourself' },
  submit: { sv: 'Skicka ansökan', en: 'Submit' },
  log: { sv: 'Logg över förfrågningar', en: 'Request log' },
  logIntro: {
    sv: 'Förfrågningar som den här sidan har skapat i din webbläsare, och deras utfall. Inga uppgiftsvärden visas här; de raderas efter lagringstiden.',
    en: 'Requests this page has created in your browser, and their outcomes. No claim values are shown here; they are deleted after the retention period.',
  },
  logEmpty: {
    sv: 'Den här webbläsaren har inte skapat några förfrågningar ännu.',
    en: 'This browser has not created any requests yet.',
  },
  busy: {
    sv: 'Just nu finns för många öppna förfrågningar. Försök igen om några minuter.',
    en: 'There are too many open requests right now. Please try again in a few minutes.',
  },
  beyond: {
    sv: 'Obs! Förfrågan begär mer än konsumenten är registrerad för:',
    en: 'Note: the request asks for more than the consumer is registered for:',
  },
  backToForm: { sv: 'Tillbaka till formuläret', en: 'Back to the form' },
};
