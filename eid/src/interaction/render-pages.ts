import { escapeHtml, lockedDownPageHeaders } from '@min-profil/shared/html-page';
import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import { demoPeople } from '@min-profil/shared/demo-people';
import { formatPersonalNumber } from '@min-profil/shared/personal-number';
import { chooseLang, pageTexts, type Lang } from './page-texts.js';

/**
 * Server-rendered pages of the test eID: semantic HTML, one h1, labelled controls, visible
 * focus, text contrast above 7:1, usable at 320 px. No script; the style sheet is inline and
 * allowed by its hash.
 */
const css = `
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
header,main{max-width:40rem;margin:0 auto;padding:1rem}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #6b6b6b}
h1{font-size:1.75rem;line-height:1.2;margin:1rem 0}
a{color:#1a4480}
a:focus,button:focus,input:focus,[tabindex]:focus{outline:3px solid #1b1b1b;outline-offset:2px}
.notice{background:#fff4d6;border-left:4px solid #8a5a00;padding:.75rem 1rem}
.error{background:#fdecea;border-left:4px solid #b50909;padding:.75rem 1rem}
.error h2{font-size:1.125rem;margin:0 0 .25rem}
fieldset{border:0;padding:0;margin:1.5rem 0}
legend,h2{font-weight:700;font-size:1.25rem;margin:0 0 .5rem}
.person{display:flex;gap:.75rem;align-items:flex-start;padding:.5rem 0}
.person input{width:1.5rem;height:1.5rem;margin:.125rem 0 0}
.number{display:block;color:#3d3d3d}
label.text{display:block;font-weight:700}
.hint{color:#3d3d3d;margin:.25rem 0}
input[type=text]{width:100%;max-width:16rem;font:inherit;padding:.5rem;border:2px solid #1b1b1b;border-radius:4px}
button{font:inherit;font-weight:700;padding:.625rem 1.25rem;border-radius:4px;border:2px solid #1a4480;cursor:pointer}
button.primary{background:#1a4480;color:#fff}
button.secondary{background:#fff;color:#1a4480}
.actions{display:flex;flex-wrap:wrap;gap:1rem;margin-top:1.5rem}
`;

/** Headers every page gets: no framing, no caching, nothing loaded but the inline style. */
export const pageHeaders = lockedDownPageHeaders(css);

function layout(lang: Lang, title: string, main: string, otherLanguageHref?: string): string {
  const t = pageTexts[lang];
  const other = otherLanguageHref
    ? `<a href="${escapeHtml(otherLanguageHref)}" lang="${t.otherLanguage.lang}" hreflang="${t.otherLanguage.lang}">${t.otherLanguage.label}</a>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${t.serviceName}</title>
<style>${css}</style>
</head>
<body>
<header><span>${t.serviceName}</span>${other}</header>
<main id="main">
${main}
</main>
</body>
</html>`;
}

export interface LoginPageOptions {
  lang: Lang;
  uid: string;
  clientName: string;
  error?: 'missing' | 'malformed' | 'unknown';
  /** What the person typed, shown again after an error. */
  typedNumber?: string;
}

export function renderLoginPage(options: LoginPageOptions): string {
  const { lang, uid } = options;
  const t = pageTexts[lang];
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const error = options.error
    ? `<div class="error" id="login-error" role="alert" tabindex="-1" autofocus>
<h2>${t.errorHeading}</h2><p>${t.errors[options.error]}</p></div>`
    : '';
  const people = demoPeople
    .map((person, i) => {
      const number = formatPersonalNumber(person.identityNumber);
      return `<div class="person"><input type="radio" name="person" id="person-${i}" value="${person.identityNumber}">
<label for="person-${i}">${escapeHtml(`${person.givenName} ${person.familyName}`)}
<span class="number">${t.kindLabel[person.kind]} ${number}</span></label></div>`;
    })
    .join('\n');
  const invalid = options.error ? ' aria-invalid="true"' : '';
  const described = options.error ? 'number-hint login-error' : 'number-hint';
  const main = `<h1>${t.title}</h1>
<p>${escapeHtml(t.intro(options.clientName))}</p>
<p class="notice">${t.testNotice}</p>
${error}
<form method="post" action="${base}/login?lang=${lang}">
<fieldset><legend>${t.legend}</legend>
${people}
</fieldset>
<h2>${t.orType}</h2>
<label class="text" for="identity_number">${t.numberLabel}</label>
<p class="hint" id="number-hint">${t.numberHint}</p>
<input type="text" id="identity_number" name="identity_number" inputmode="numeric" autocomplete="off"
 spellcheck="false" maxlength="13" aria-describedby="${described}"${invalid} value="${escapeHtml(options.typedNumber ?? '')}">
<div class="actions"><button type="submit" class="primary">${t.submit}</button>
<button type="submit" class="secondary" formaction="${base}/abort?lang=${lang}">${t.cancel}</button></div>
</form>`;
  return layout(lang, t.title, main, `${base}?lang=${t.otherLanguage.lang}`);
}

export function renderMessagePage(lang: Lang, message: keyof (typeof pageTexts)['sv']['errors']): string {
  const t = pageTexts[lang];
  const main = `<h1>${t.errorHeading}</h1>\n<p>${t.errors[message]}</p>`;
  return layout(lang, t.errorHeading, main);
}

/** oidc-provider's `renderError`: its error code and description, never a stack. */
export async function renderProviderError(ctx: KoaContextWithOIDC, out: ErrorOut): Promise<void> {
  const lang = chooseLang(ctx.query.lang, ctx.oidc?.params?.ui_locales);
  const t = pageTexts[lang];
  const details = [out.error, out.error_description].filter(Boolean).join(': ');
  const main = `<h1>${t.errorHeading}</h1>\n<p>${t.errors.provider}</p>\n<p><code>${escapeHtml(details)}</code></p>`;
  ctx.set(pageHeaders);
  ctx.type = 'html';
  ctx.body = layout(lang, t.errorHeading, main);
}
