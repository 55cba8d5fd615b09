import { ApiFailure } from '../api';
import type { Lang } from '../i18n';

/** What went wrong, in words a person can act on, and what to do next. */
export interface ErrorText {
  message: Record<Lang, string>;
  next: Record<Lang, string>;
}

const texts = {
  wrongCode: {
    message: { sv: 'Koden stämmer inte', en: 'The code is not right' },
    next: {
      sv: 'Försök igen. Har du redan använt länken, be utfärdaren om en ny.',
      en: 'Try again. If you have used the link already, ask the issuer for a new one.',
    },
  },
  usedLink: {
    message: { sv: 'Länken är redan använd eller har gått ut', en: 'The link has been used or has expired' },
    next: { sv: 'Be om en ny länk.', en: 'Ask for a new link.' },
  },
  answered: {
    message: { sv: 'Förfrågan är redan besvarad', en: 'The request has already been answered' },
    next: {
      sv: 'Du behöver inte göra något mer. Vill du dela igen, be mottagaren om en ny förfrågan.',
      en: 'Nothing more to do. To share again, ask the recipient for a new request.',
    },
  },
  expired: {
    message: { sv: 'Förfrågan har gått ut', en: 'The request has expired' },
    next: { sv: 'Be mottagaren om en ny.', en: 'Ask the recipient for a new one.' },
  },
  badLink: {
    message: { sv: 'Länken går inte att använda', en: 'The link cannot be used' },
    next: {
      sv: 'Kontrollera att du fått med hela länken, eller be om en ny.',
      en: 'Check that you copied the whole link, or ask for a new one.',
    },
  },
  notFound: {
    message: { sv: 'Det finns inte längre', en: 'It no longer exists' },
    next: { sv: 'Gå till startsidan och börja därifrån.', en: 'Go to the start page and start from there.' },
  },
  signedOut: {
    message: { sv: 'Du är utloggad', en: 'You are signed out' },
    next: { sv: 'Logga in igen.', en: 'Sign in again.' },
  },
  unavailable: {
    message: { sv: 'Tjänsten svarar inte just nu', en: 'The service is not answering right now' },
    next: { sv: 'Försök igen om en stund.', en: 'Try again in a while.' },
  },
  refused: {
    message: { sv: 'Det gick inte att slutföra', en: 'It could not be completed' },
    next: {
      sv: 'Försök igen, eller börja om från startsidan.',
      en: 'Try again, or start over from the start page.',
    },
  },
  cancelledAtHolder: {
    message: { sv: 'Hämtningen avbröts hos utfärdaren', en: 'The fetch was cancelled at the issuer' },
    next: {
      sv: 'Inget sparades. Hämta igen under Mer → Hämta ett intyg när du vill.',
      en: 'Nothing was saved. Fetch again under More → Fetch a credential when you want.',
    },
  },
  // OpenID4VP 1.0 Appendix A: a request handed over through the Digital Credentials API.
  dcApiOrigin: {
    message: {
      sv: 'Sidan som frågar finns inte med bland de sidor mottagaren har angett',
      en: 'The page that asks is not among the pages the recipient named',
    },
    next: {
      sv: 'Inget delades. Förfrågan kan ha kopierats från en annan webbplats; dela bara från mottagarens egen sida.',
      en: "Nothing was shared. The request may have been copied from another website; share only from the recipient's own page.",
    },
  },
  dcApiUnsigned: {
    message: {
      sv: 'Förfrågan är inte signerad, så det går inte att veta vem som frågar',
      en: 'The request is not signed, so who is asking cannot be known',
    },
    next: {
      sv: 'Inget delades. Be mottagaren om en signerad förfrågan.',
      en: 'Nothing was shared. Ask the recipient for a signed request.',
    },
  },
  dcApiMode: {
    message: {
      sv: 'Förfrågan är inte gjord för att besvaras via webbläsaren',
      en: 'The request is not made to be answered through the browser',
    },
    next: {
      sv: 'Inget delades. Öppna mottagarens länk eller QR-kod i plånboken i stället.',
      en: "Nothing was shared. Open the recipient's link or QR code in the wallet instead.",
    },
  },
  dcApiOther: {
    message: {
      sv: 'Förfrågan från webbläsaren går inte att använda',
      en: 'The request from the browser cannot be used',
    },
    next: {
      sv: 'Inget delades. Be mottagaren om en ny förfrågan.',
      en: 'Nothing was shared. Ask the recipient for a new request.',
    },
  },
  other: {
    message: { sv: 'Något gick fel', en: 'Something went wrong' },
    next: {
      sv: 'Försök igen, eller börja om från startsidan.',
      en: 'Try again, or start over from the start page.',
    },
  },
} satisfies Record<string, ErrorText>;

/** A request that can no longer be answered, as the consent screen finds it on loading. */
export const requestStateTexts = { answered: texts.answered, expired: texts.expired };

/**
 * Maps the wallet API's error (OAuth-style code, HTTP status, description) to a sentence and a
 * next step. Most of the API's errors share `invalid_request`, so the description is read too;
 * it is never shown itself.
 */
export function describeError(error: unknown, hints: { codeSent?: boolean } = {}): ErrorText {
  if (!(error instanceof ApiFailure)) return texts.other;
  const { status, body } = error;
  const description = body.error_description ?? '';
  // The issuer refuses a wrong code and a used offer alike; without a code it is the offer.
  // The wallet API's `reason` for a refused Digital Credentials API request (wallet/src/dc-api/).
  const reason = typeof body.reason === 'string' ? body.reason : '';
  if (reason === 'origin_not_expected') return texts.dcApiOrigin;
  if (reason === 'unsigned_request') return texts.dcApiUnsigned;
  if (reason === 'not_dc_api_response_mode') return texts.dcApiMode;
  if (reason === 'unsupported_protocol' || reason === 'invalid_origin') return texts.dcApiOther;
  if (body.error === 'invalid_grant') return hints.codeSent ? texts.wrongCode : texts.usedLink;
  if (body.error === 'access_denied' && status < 500) return texts.cancelledAtHolder;
  if (body.error === 'invalid_token' || status === 401) return texts.signedOut;
  if (body.error === 'not_found' || status === 404) return texts.notFound;
  if (/already (been )?answered/.test(description)) return texts.answered;
  if (status === 410 || /has expired/.test(description)) return texts.expired;
  if (/offer is malformed|already used|unknown, (used|finished)/.test(description)) return texts.usedLink;
  if (/link is malformed|not a valid URL|must be an https?/.test(description)) return texts.badLink;
  if (body.error === 'temporarily_unavailable' || status >= 500) return texts.unavailable;
  if (body.error === 'access_denied') return texts.refused;
  return texts.other;
}
