import type { Lang } from '../i18n';

type Text = Record<Lang, string>;

/** The log's outcomes, which the wallet writes in English (docs/wallet.md), in the person's language. */
const exact: Record<string, Text> = {
  sent: { sv: 'Skickat', en: 'Sent' },
  stored: { sv: 'Sparat', en: 'Saved' },
  declined: { sv: 'Nekat', en: 'Refused' },
  deleted: { sv: 'Borttaget', en: 'Deleted' },
  updated: { sv: 'Ändrat', en: 'Changed' },
  email_verified: { sv: 'E-postadress verifierad', en: 'E-mail address verified' },
  phone_verified: { sv: 'Telefonnummer verifierat', en: 'Phone number verified' },
  granted: { sv: 'Givet', en: 'Granted' },
  'fields changed': { sv: 'Uppgifterna ändrade', en: 'Details changed' },
  'withdrawn by you': { sv: 'Återkallat av dig', en: 'Withdrawn by you' },
  'replaced by a new permission': { sv: 'Ersatt av ett nytt tillstånd', en: 'Replaced by a new permission' },
  // docs/cases.md: a case and its events.
  'case opened': { sv: 'Ärendet öppnat i plånboken', en: 'Case opened in the wallet' },
  'case received': { sv: 'Ärendet har tagits emot', en: 'The case has been received' },
  'case in_progress': { sv: 'Ärendet handläggs', en: 'The case is being handled' },
  'case needs_information': {
    sv: 'Mottagaren behöver fler uppgifter',
    en: 'The recipient needs more details',
  },
  'case decision': { sv: 'Beslut', en: 'Decision' },
  'case closed': { sv: 'Ärendet avslutat', en: 'Case closed' },
  'case stopped by you': { sv: 'Stoppat av dig', en: 'Stopped by you' },
};

/** What a consumer answered a delivery (`delivered (…)`). */
const delivered: Record<string, Text> = {
  applied: { sv: 'Levererat', en: 'Delivered' },
  duplicate: { sv: 'Levererat (hade redan kommit fram)', en: 'Delivered (had already arrived)' },
  stale: {
    sv: 'Levererat (en nyare version fanns redan)',
    en: 'Delivered (a newer version was there already)',
  },
  withdrawn: { sv: 'Mottagaren vet att du har återkallat', en: 'The recipient knows you withdrew' },
  already_withdrawn: { sv: 'Redan avslutat hos mottagaren', en: 'Already ended at the recipient' },
  unknown_at_consumer: {
    sv: 'Mottagaren känner inte till tillståndet',
    en: 'The recipient does not know the permission',
  },
};

const patterns: Array<[RegExp, (lang: Lang, match: RegExpMatchArray) => string]> = [
  [
    /^delivered \((.+)\)$/,
    (lang, m) => delivered[m[1]!]?.[lang] ?? (lang === 'sv' ? 'Levererat' : 'Delivered'),
  ],
  [
    /^verifier refused \(HTTP \d+\)$/,
    (lang) => (lang === 'sv' ? 'Mottagaren tog inte emot svaret' : 'The recipient did not accept the answer'),
  ],
  [/^declined \(verifier answered HTTP \d+\)$/, (lang) => (lang === 'sv' ? 'Nekat' : 'Refused')],
  [/^approved (.+)$/, (lang, m) => `${lang === 'sv' ? 'Godkänt' : 'Approved'} ${m[1]}`],
  [
    /^declined to approve (.+)$/,
    (lang, m) => `${lang === 'sv' ? 'Nekade att godkänna' : 'Declined to approve'} ${m[1]}`,
  ],
  [
    /^refused by the wallet: /,
    (lang) => (lang === 'sv' ? 'Plånboken svarade inte' : 'The wallet did not answer'),
  ],
];

const grantedSuffix = '; standing permission granted';

/** An outcome in words; one the wallet does not know (an error kept as logged) stays as it is. */
export function outcomeText(outcome: string, lang: Lang): string {
  if (outcome.endsWith(grantedSuffix)) {
    const first = outcomeText(outcome.slice(0, -grantedSuffix.length), lang);
    return `${first} · ${lang === 'sv' ? 'stående tillstånd givet' : 'standing permission granted'}`;
  }
  const known = exact[outcome];
  if (known) return known[lang];
  for (const [pattern, render] of patterns) {
    const match = outcome.match(pattern);
    if (match) return render(lang, match);
  }
  return outcome;
}
