import type { CheckResult } from '../persistence/entities.js';
import type { Lang } from './html.js';

type Sentence = { sv: string; en: string };

const unreadable: Sentence = {
  sv: 'Svaret från plånboken gick inte att läsa.',
  en: 'The answer from the wallet could not be read.',
};
const notBound: Sentence = {
  sv: 'Svaret hörde inte ihop med den här förfrågan.',
  en: 'The answer did not belong to this request.',
};

/**
 * What each failed check means for the person, in words (never the check's name or its
 * English detail, which stay in the consumer's API result and log). `dcql_satisfied` is said
 * with the details the page asked for (`needed`), since the verifier keeps no claims of a
 * refused answer to tell exactly which one was left out.
 */
const sentences: Record<string, Sentence | ((needed: string) => Sentence)> = {
  dcql_satisfied: (needed) => ({
    sv: `Svaret saknar uppgifter som behövs. Vi behöver: ${needed}. Dela dem när plånboken frågar.`,
    en: `The answer lacks details we need. We need: ${needed}. Share them when the wallet asks.`,
  }),
  wallet_response: {
    sv: 'Delningen avbröts i plånboken, så inga uppgifter skickades.',
    en: 'Sharing was stopped in the wallet, so no details were sent.',
  },
  issuer_trusted: {
    sv: 'Intyget kommer från en utfärdare som inte finns i förtroendelistan.',
    en: 'The credential comes from an issuer that is not on the trust list.',
  },
  issuer_authoritative: {
    sv: 'Utfärdaren får inte utfärda den här sortens intyg.',
    en: 'The issuer may not issue this kind of credential.',
  },
  issuer_signature: {
    sv: 'Intygets underskrift gick inte att bekräfta.',
    en: "The credential's signature could not be confirmed.",
  },
  validity_period: {
    sv: 'Intyget har gått ut eller gäller inte ännu. Hämta ett nytt intyg i plånboken.',
    en: 'The credential has expired or is not valid yet. Fetch a new one in the wallet.',
  },
  status: {
    sv: 'Intyget är återkallat eller spärrat av utfärdaren. Hämta ett nytt intyg i plånboken.',
    en: 'The credential has been revoked or suspended by its issuer. Fetch a new one in the wallet.',
  },
  no_unrequested_claims: {
    sv: 'Plånboken skickade fler uppgifter än vi bad om, så vi tog inte emot något.',
    en: 'The wallet sent more details than we asked for, so we accepted none.',
  },
  // Två i förening or styrelsen gemensamt not met: another signatory declined, or answered wrongly.
  signing_rule: {
    sv: 'Företagets firmateckning uppfylldes inte: en annan firmatecknare eller styrelseledamot avböjde, eller svaret kom inte från den som skulle godkänna.',
    en: "The company's signing rule was not met: another signatory or board member declined, or the answer did not come from the person who was to approve.",
  },
  transaction_data: {
    sv: 'Svaret bekräftade inte dokumentet som skulle godkännas.',
    en: 'The answer did not confirm the document to be approved.',
  },
  key_binding: notBound,
  nonce: notBound,
  audience: notBound,
  sd_hash: notBound,
  state: notBound,
  vp_token: unreadable,
  query_ids: unreadable,
  format: unreadable,
  disclosures: unreadable,
  claims_shape: unreadable,
};

const fallback: Sentence = {
  sv: 'Uppgifterna gick inte att kontrollera.',
  en: 'The details could not be checked.',
};

/** The failed checks of a refused answer as sentences for the page, each said once. */
export function rejectionReasons(checks: CheckResult[] | null, needed: string, lang: Lang): string[] {
  const failed = (checks ?? []).filter((c) => !c.passed);
  const said = failed.map((check) => {
    const entry = sentences[check.name] ?? fallback;
    return (typeof entry === 'function' ? entry(needed) : entry)[lang];
  });
  return [...new Set(said.length > 0 ? said : [fallback[lang]])];
}
