/**
 * The page a browser sees when a holder fetch cannot continue in it (start link used or
 * expired, or a sign-in finished in another browser than the one that started it). It is a
 * page and not a redirect into the wallet: the person here may not be the wallet's owner.
 */
export type FetchRefusal = 'start_link' | 'other_browser';

const texts: Record<FetchRefusal, { sv: [string, string]; en: [string, string] }> = {
  start_link: {
    sv: [
      'Länken går inte att använda',
      'Länken för att hämta ett intyg fungerar bara en gång och bara en kort stund. Börja om från plånboken.',
    ],
    en: [
      'This link cannot be used',
      'The link to fetch a credential works only once and only for a short while. Start again from the wallet.',
    ],
  },
  other_browser: {
    sv: [
      'Hämtningen avbröts – inget sparades',
      'Hämtningen startades i en annan webbläsare. Av säkerhetsskäl kan den bara slutföras i samma webbläsare som den startades i, så inget intyg sparades i någon plånbok. Har du fått länken av någon annan ska du inte logga in via den. Vill du hämta ett intyg till din egen plånbok: börja om från plånboken.',
    ],
    en: [
      'The fetch was stopped – nothing was stored',
      'The fetch was started in another browser. For your safety it can only be finished in the browser that started it, so no credential was stored in any wallet. If someone else sent you the link, do not sign in through it. To fetch a credential into your own wallet, start again from the wallet.',
    ],
  },
};

export function fetchRefusedPage(reason: FetchRefusal): string {
  const { sv, en } = texts[reason];
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${sv[0]} – Min profil</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem; max-width: 40rem; line-height: 1.5; color: #1a1a1a; }
</style>
</head>
<body>
<main>
<h1>${sv[0]}</h1>
<p>${sv[1]}</p>
<p><a href="/">Till plånboken</a></p>
<section lang="en">
<h2>${en[0]}</h2>
<p>${en[1]}</p>
<p><a href="/">To the wallet</a></p>
</section>
</main>
</body>
</html>`;
}
