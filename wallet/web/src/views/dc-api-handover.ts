/**
 * The Digital Credentials API handover (docs/wallet.md "Digital Credentials API"): whoever stands
 * where the browser's platform would — a bridge for `navigator.credentials.get` — opens
 * `/present#dc_api=<base64url of { protocol, data, origin }>`. In the fragment, so the request
 * never reaches a server log; read once and removed from the address bar.
 */
export interface DcApiHandover {
  protocol: string;
  data: Record<string, unknown>;
  origin: string;
}

/** Where a hand-over waits while the person signs in (this tab only, never sent anywhere). */
const waitingKey = 'min-profil:dc-api-handover';

/**
 * Keeps a hand-over that arrived before sign-in. The sign-in goes to the eID and back, and the
 * fragment does not survive that; the query could (`return_to`), but then the request would
 * pass through the server's logs. The tab's sessionStorage keeps it for the way back.
 */
export function keepDcApiHandoverThroughSignIn(): void {
  if (!/^#dc_api=/.test(location.hash)) return;
  sessionStorage.setItem(waitingKey, location.hash);
  history.replaceState(null, '', location.pathname + location.search);
}

export function takeDcApiHandover(): DcApiHandover | undefined {
  const waiting = sessionStorage.getItem(waitingKey);
  sessionStorage.removeItem(waitingKey);
  const fromAddress = /^#dc_api=/.test(location.hash);
  const match = /^#dc_api=([A-Za-z0-9_-]+)$/.exec(fromAddress ? location.hash : (waiting ?? ''));
  if (!match) return undefined;
  if (fromAddress) history.replaceState(null, '', location.pathname + location.search);
  try {
    const json = atob(match[1]!.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(
      new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))),
    ) as DcApiHandover;
  } catch {
    // Not ours to read: the API says why (it refuses what is not a request).
    return { protocol: '', data: {}, origin: '' };
  }
}

/** What the consent screen says of a request through the browser. */
export const dcApiTexts = {
  askedFrom: {
    sv: 'Frågar via webbläsaren från sidan',
    en: 'Asking through the browser from the page',
  },
  handedBack: {
    sv: 'Svaret lämnas tillbaka till sidan',
    en: 'The answer is handed back to the page',
  },
  declinedBack: {
    sv: 'Sidan får veta att du nekade',
    en: 'The page is told that you declined',
  },
};
