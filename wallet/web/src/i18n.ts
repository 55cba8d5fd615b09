/** Swedish first, English as a choice; the choice is kept in localStorage. */
export type Lang = 'sv' | 'en';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('lang') : null;
let current: Lang = stored === 'en' ? 'en' : 'sv';
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem('lang', lang);
  document.documentElement.lang = lang;
  listeners.forEach((l) => l());
}

export function onLangChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Picks the person's language from a `{ sv, en, und }` text, falling back sensibly. */
export function pick(text: Record<string, string> | null | undefined, fallback = ''): string {
  if (!text) return fallback;
  return (
    text[current] ?? text[current === 'sv' ? 'en' : 'sv'] ?? text.und ?? Object.values(text)[0] ?? fallback
  );
}

const dictionary = {
  appName: { sv: 'Min profil', en: 'Min profil' },
  skip: { sv: 'Hoppa till innehållet', en: 'Skip to content' },
  navCredentials: { sv: 'Mina intyg', en: 'My credentials' },
  navProfile: { sv: 'Kontaktuppgifter', en: 'Contact details' },
  navShare: { sv: 'Dela', en: 'Share' },
  navStanding: { sv: 'Stående tillstånd', en: 'Standing permissions' },
  navCases: { sv: 'Mina ärenden', en: 'My cases' },
  navLog: { sv: 'Logg', en: 'Log' },
  navApprovals: { sv: 'Godkända dokument', en: 'Approved documents' },
  navOverview: { sv: 'Översikt', en: 'Overview' },
  navUsage: { sv: 'Vem har tagit del?', en: 'Who has used my data?' },
  navOmbud: { sv: 'Mina ombud', en: 'My powers of attorney' },
  navCompany: { sv: 'Företagets kontaktuppgifter', en: 'Company contact details' },
  navCloseAccount: { sv: 'Avsluta kontot', en: 'Close your account' },
  navSettings: { sv: 'Inställningar', en: 'Settings' },
  language: { sv: 'English', en: 'Svenska' },
  signIn: { sv: 'Logga in med e-legitimation', en: 'Sign in with e-ID' },
  signOut: { sv: 'Logga ut', en: 'Sign out' },
  welcomeTitle: { sv: 'Dina uppgifter, i dina händer', en: 'Your data, in your hands' },
  welcomeText: {
    sv: 'Hämta intyg från myndigheter och skolor och dela bara det du själv godkänner – med den som behöver det.',
    en: 'Fetch certificates from public bodies and schools, and share only what you approve – with whoever needs it.',
  },
  signedInAs: { sv: 'Inloggad som', en: 'Signed in as' },
  loading: { sv: 'Hämtar …', en: 'Loading …' },
  noCredentials: {
    sv: 'Du har inga intyg ännu. Hämta ett från en myndighet eller skola:',
    en: 'You have no credentials yet. Fetch one from a public body or school:',
  },
  issuedBy: { sv: 'Utfärdat av', en: 'Issued by' },
  notInTrustList: { sv: 'Finns inte i förtroendelistan', en: 'Not on the trust list' },
  issuedAt: { sv: 'Utfärdat', en: 'Issued' },
  expiresAt: { sv: 'Giltigt till', en: 'Valid until' },
  receivedAt: { sv: 'Mottaget', en: 'Received' },
  status: { sv: 'Status', en: 'Status' },
  status_valid: { sv: 'Giltigt', en: 'Valid' },
  status_expired: { sv: 'Har gått ut', en: 'Expired' },
  status_revoked: { sv: 'Återkallat', en: 'Revoked' },
  status_suspended: { sv: 'Tillfälligt spärrat', en: 'Suspended' },
  status_unknown: { sv: 'Okänd status', en: 'Status unknown' },
  status_pending: { sv: 'Väntar', en: 'Pending' },
  status_deferred: { sv: 'Väntar på utfärdaren', en: 'Waiting for the issuer' },
  copies: { sv: 'kopior', en: 'copies' },
  details: { sv: 'Visa', en: 'Show' },
  back: { sv: 'Tillbaka', en: 'Back' },
  deleteCredential: { sv: 'Ta bort intyget', en: 'Delete the credential' },
  confirmDelete: {
    sv: 'Vill du ta bort intyget från plånboken?',
    en: 'Delete the credential from the wallet?',
  },
  deleted: { sv: 'Intyget är borttaget.', en: 'The credential has been deleted.' },
  claimsTitle: { sv: 'Uppgifter i intyget', en: 'Information in the credential' },
  receiveTitle: { sv: 'Hämta ett intyg', en: 'Fetch a credential' },
  offerLabel: { sv: 'Länk från utfärdaren', en: 'Link from the issuer' },
  offerHint: {
    sv: 'Klistra in länken som börjar med openid-credential-offer:// eller https://',
    en: 'Paste the link that starts with openid-credential-offer:// or https://',
  },
  txCodeLabel: { sv: 'Engångskod', en: 'One-time code' },
  txCodeHint: { sv: 'Koden du fick från utfärdaren', en: 'The code the issuer gave you' },
  fetch: { sv: 'Hämta', en: 'Fetch' },
  signInAtIssuer: {
    sv: 'Intyget hämtar du genom att logga in hos utfärdaren:',
    en: 'You get this credential by signing in at the issuer:',
  },
  signInAtIssuerHint: {
    sv: 'När du har loggat in kommer du tillbaka hit och ser intyget.',
    en: 'Once you have signed in, you come back here and see the credential.',
  },
  replacedOld: {
    sv: 'Det gamla intyget, bundet till tjänstens nycklar, är borttaget.',
    en: 'The old credential, bound to the service’s keys, was removed.',
  },
  continueToIssuer: { sv: 'Fortsätt till inloggningen', en: 'Continue to sign-in' },
  checkBeforeSaving: {
    sv: 'Kontrollera att uppgifterna stämmer innan du sparar dem.',
    en: 'Check that the information is correct before you save it.',
  },
  accept: { sv: 'Spara i plånboken', en: 'Save in the wallet' },
  noHolderWarning: {
    sv: 'Intyget anger inte vem det är utfärdat till (inget personnummer eller samordningsnummer). Plånboken kan därför inte kontrollera att det gäller dig. Spara det bara om du vet att det är ditt.',
    en: 'The credential does not say whom it is issued to (no personal identity number or coordination number), so the wallet cannot check that it is about you. Save it only if you know it is yours.',
  },
  confirmHolder: {
    sv: 'Jag bekräftar att intyget gäller mig',
    en: 'I confirm that the credential is about me',
  },
  holder: { sv: 'Innehavare', en: 'Holder' },
  noHolderBadge: {
    sv: 'Anger ingen innehavare',
    en: 'Names no holder',
  },
  decline: { sv: 'Neka', en: 'Refuse' },
  saved: { sv: 'Intyget är sparat.', en: 'The credential has been saved.' },
  declined: { sv: 'Du nekade. Inget sparades.', en: 'You refused. Nothing was saved.' },
  deferredWait: {
    sv: 'Utfärdaren behöver mer tid. Plånboken frågar igen automatiskt.',
    en: 'The issuer needs more time. The wallet asks again automatically.',
  },
  deferredWaitUnlock: {
    sv: 'Utfärdaren behöver mer tid. Plånboken frågar igen när du låser upp med din nyckel (passkey).',
    en: 'The issuer needs more time. The wallet asks again when you unlock with your passkey.',
  },
  deferredUnlock: { sv: 'Lås upp och fråga igen', en: 'Unlock and ask again' },
  holdersTitle: { sv: 'Myndigheter och skolor', en: 'Public bodies and schools' },
  holdersText: {
    sv: 'Hämta dina uppgifter direkt från den som har dem. Du loggar in hos utfärdaren med e-legitimation.',
    en: 'Fetch your data directly from whoever holds it. You sign in at the issuer with e-ID.',
  },
  fetchFrom: { sv: 'Hämta', en: 'Fetch' },
  shareTitle: { sv: 'Dela uppgifter', en: 'Share information' },
  requestLabel: { sv: 'Länk från mottagaren', en: 'Link from the recipient' },
  requestHint: { sv: 'Länken börjar med openid4vp://', en: 'The link starts with openid4vp://' },
  open: { sv: 'Öppna', en: 'Open' },
  whoAsks: { sv: 'Vem frågar?', en: 'Who is asking?' },
  registered: { sv: 'Registrerad mottagare', en: 'Registered recipient' },
  notRegistered: { sv: 'Inte registrerad mottagare', en: 'Not a registered recipient' },
  unverified: { sv: 'Avsändaren kunde inte kontrolleras', en: 'The sender could not be verified' },
  purpose: { sv: 'Ändamål', en: 'Purpose' },
  whatIsSent: { sv: 'Det här skickas', en: 'This is what will be sent' },
  fromCredential: { sv: 'Ur intyget', en: 'From the credential' },
  missingCredential: { sv: 'Du saknar det här intyget', en: 'You do not have this credential' },
  approve: { sv: 'Godkänn och skicka', en: 'Approve and send' },
  refuse: { sv: 'Neka', en: 'Refuse' },
  notAnswered: {
    sv: 'Plånboken svarar inte på den här begäran',
    en: 'The wallet does not answer this request',
  },
  sentOk: { sv: 'Uppgifterna är skickade.', en: 'The information has been sent.' },
  refusedOk: {
    sv: 'Du nekade. Mottagaren har fått veta det.',
    en: 'You refused. The recipient has been told.',
  },
  refusedNotTaken: {
    sv: 'Du nekade, men mottagaren tog inte emot ditt svar. Ärendet kan redan vara avgjort.',
    en: 'You refused, but the recipient did not accept your answer. The matter may already be decided.',
  },
  continueToRecipient: { sv: 'Fortsätt till mottagaren', en: 'Continue to the recipient' },
  noOptionalClaims: {
    sv: 'Inga valbara uppgifter ur intyget delas – mottagaren får bara veta att du har ett giltigt intyg.',
    en: 'No optional details from the credential are shared – the recipient only learns that you hold a valid credential.',
  },
  alwaysSent: {
    sv: 'Följer alltid med intyget (utfärdaren har inte gjort dem valbara):',
    en: 'Always sent with the credential (the issuer did not make them optional):',
  },
  nothingSelected: { sv: 'Välj minst en uppgift att skicka.', en: 'Choose at least one item to send.' },
  warning: { sv: 'Varning', en: 'Warning' },
  logTitle: { sv: 'Logg', en: 'Log' },
  logText: {
    sv: 'Allt som har hänt med dina intyg: vem som fick vad, när och varför. Värden sparas aldrig i loggen.',
    en: 'Everything that happened to your credentials: who got what, when and why. Values are never kept in the log.',
  },
  filterEvent: { sv: 'Händelse', en: 'Event' },
  allEvents: { sv: 'Alla', en: 'All' },
  event_issuance: { sv: 'Hämtat', en: 'Received' },
  event_presentation: { sv: 'Delat', en: 'Shared' },
  event_refusal: { sv: 'Nekat', en: 'Refused' },
  event_deletion: { sv: 'Borttaget', en: 'Deleted' },
  exportJson: { sv: 'Exportera (JSON)', en: 'Export (JSON)' },
  exportCsv: { sv: 'Exportera (CSV)', en: 'Export (CSV)' },
  deleteLog: { sv: 'Radera loggen', en: 'Delete the log' },
  confirmDeleteLog: {
    sv: 'Vill du radera hela loggen? Det går inte att ångra.',
    en: 'Delete the whole log? This cannot be undone.',
  },
  deleteLogYes: { sv: 'Ja, radera loggen', en: 'Yes, delete the log' },
  logDeleted: {
    sv: 'Loggen är raderad. Nya händelser loggas från och med nu.',
    en: 'The log is deleted. New events are logged from now on.',
  },
  emptyLog: { sv: 'Loggen är tom.', en: 'The log is empty.' },
  showMore: { sv: 'Visa fler', en: 'Show more' },
  moreLogEntries: { sv: 'händelser i loggen', en: 'log entries' },
  moreCredentials: { sv: 'intyg', en: 'credentials' },
  claimNames: { sv: 'Uppgifter', en: 'Information' },
  outcome: { sv: 'Utfall', en: 'Outcome' },
  overviewTitle: { sv: 'Vem har vad om mig?', en: 'Who holds what about me?' },
  holdsAboutYou: { sv: 'Har uppgifter om dig', en: 'Holds information about you' },
  sharedWith: { sv: 'Du har delat med', en: 'You have shared with' },
  nothingShared: { sv: 'Du har inte delat något ännu.', en: 'You have not shared anything yet.' },
  settingsTitle: { sv: 'Inställningar', en: 'Settings' },
  tokensTitle: { sv: 'Personliga åtkomstnycklar', en: 'Personal access tokens' },
  tokensText: {
    sv: 'För program som använder plånbokens API för din räkning.',
    en: 'For programs that use the wallet API on your behalf.',
  },
  tokenName: { sv: 'Namn', en: 'Name' },
  createToken: { sv: 'Skapa nyckel', en: 'Create token' },
  tokenShownOnce: {
    sv: 'Kopiera nyckeln nu – den visas bara en gång:',
    en: 'Copy the token now – it is shown only once:',
  },
  remove: { sv: 'Ta bort', en: 'Remove' },
  error: { sv: 'Något gick fel', en: 'Something went wrong' },
  scanQr: { sv: 'Skanna QR-kod', en: 'Scan QR code' },
  stopScanning: { sv: 'Sluta skanna', en: 'Stop scanning' },
  cameraUnavailable: {
    sv: 'Kameran gick inte att använda. Klistra in länken i stället.',
    en: 'The camera could not be used. Paste the link instead.',
  },
  event_profile_change: { sv: 'Ändrade kontaktuppgifter', en: 'Contact details changed' },
  event_standing_permission: { sv: 'Stående tillstånd', en: 'Standing permission' },
  event_profile_delivery: { sv: 'Kontaktuppgifter skickade', en: 'Contact details sent' },
  event_case: { sv: 'Ärende', en: 'Case' },
  navHome: { sv: 'Hem', en: 'Home' },
  navShared: { sv: 'Delat', en: 'Shared' },
  navProfileShort: { sv: 'Profil', en: 'Profile' },
  navMore: { sv: 'Mer', en: 'More' },
  primaryNav: { sv: 'Huvudmeny', en: 'Main menu' },
  moreTitle: { sv: 'Mer', en: 'More' },
  moreFetchShare: { sv: 'Hämta och dela', en: 'Fetch and share' },
  moreOpenLink: { sv: 'Öppna en länk från en mottagare', en: 'Open a link from a recipient' },
  morePermissionsHistory: { sv: 'Tillstånd och historik', en: 'Permissions and history' },
  moreAccount: { sv: 'Konto', en: 'Account' },
  homeTitle: { sv: 'Hem', en: 'Home' },
  needsYou: { sv: 'Väntar på dig', en: 'Waiting for you' },
  nothingNeedsYou: { sv: 'Inget väntar på dig just nu.', en: 'Nothing is waiting for you right now.' },
  openRequestText: {
    sv: 'ber om uppgifter och väntar på ditt svar.',
    en: 'asks for information and is waiting for your answer.',
  },
  openRequestAction: { sv: 'Svara', en: 'Answer' },
  caseWaitingText: { sv: 'behöver uppgifter från dig i ett ärende', en: 'needs details from you in a case' },
  caseWaitingAction: { sv: 'Visa ärendet', en: 'Show the case' },
  failedDeliveryText: {
    sv: 'Dina kontaktuppgifter kom inte fram till',
    en: 'Your contact details did not reach',
  },
  failedDeliveryAction: { sv: 'Se vad som hände', en: 'See what happened' },
  credentialEndedText: { sv: 'kan inte längre användas:', en: 'can no longer be used:' },
  credentialExpiresText: { sv: 'går snart ut:', en: 'expires soon:' },
  credentialAction: { sv: 'Visa intyget', en: 'Show the credential' },
  recentlyUsedText: { sv: 'fick dina kontaktuppgifter', en: 'received your contact details' },
  recentlyUsedAction: { sv: 'Se stående tillstånd', en: 'See standing permissions' },
  yourCredentials: { sv: 'Dina intyg', en: 'Your credentials' },
  allCredentials: { sv: 'Alla intyg', en: 'All credentials' },
  focusedExit: { sv: 'Avbryt och gå till startsidan', en: 'Cancel and go to the start page' },
  toHome: { sv: 'Till startsidan', en: 'To the start page' },
  deleteConfirmYes: { sv: 'Ja, ta bort intyget', en: 'Yes, delete the credential' },
  cancel: { sv: 'Avbryt', en: 'Cancel' },
  deletedNamed: { sv: 'är borttaget från plånboken.', en: 'has been deleted from the wallet.' },
  technicalDetails: { sv: 'Tekniska detaljer', en: 'Technical details' },
  verifiedValue: { sv: '✓ verifierad', en: '✓ verified' },
  unverifiedValue: { sv: 'inte verifierad', en: 'not verified' },
} satisfies Record<string, { sv: string; en: string }>;

export type MessageKey = keyof typeof dictionary;

export function t(key: MessageKey): string {
  return dictionary[key][current];
}

// One formatter per language and style: toLocaleString builds a new one on every call, which
// a list of hundreds of dates ("Vem har tagit del?") pays for on every render.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: 'date' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${current}:${style}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(
      current === 'sv' ? 'sv-SE' : 'en-GB',
      style === 'date'
        ? { year: 'numeric', month: 'long', day: 'numeric' }
        : { dateStyle: 'medium', timeStyle: 'short' },
    );
    formatters.set(key, found);
  }
  return found;
}

// format() throws on an invalid date where toLocaleString said "Invalid Date": keep saying it.
const formatted = (style: 'date' | 'dateTime', iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(date) : formatter(style).format(date);
};

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  return formatted('date', iso);
}

export function formatDateTime(iso: string): string {
  return formatted('dateTime', iso);
}
