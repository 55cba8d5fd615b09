import { randomInt } from 'node:crypto';
import type { Lang } from '../pages/html.js';
import type { CaseAsk } from './z-case.js';

/** The demo consumers whose page opens a case with the share (issue 22), and what it is called. */
const demoCaseTitles: Record<string, { sv: string; en: string }> = {
  insurer: { sv: 'Ersättningsärende', en: 'Benefit claim' },
  'af-praktik': { sv: 'Praktikavtal', en: 'Internship agreement' },
  forsakringskassan: { sv: 'Ändrade kontaktuppgifter', en: 'Changed contact details' },
};

/** The case a demo page asks to open with its request, or undefined for a page without one. */
export function demoCaseAsk(consumerId: string, lang: Lang): CaseAsk | undefined {
  const title = demoCaseTitles[consumerId];
  if (!title) return undefined;
  const reference = String(randomInt(1000, 10_000));
  return { title: `${title[lang]} ${reference}`, reference };
}
