import { escapeHtml, lockedDownPageHeaders } from '@min-profil/shared/html-page';
import { pageTexts, type Lang } from './page-texts.js';

/**
 * The holder's server-rendered pages (consent before eID, errors): semantic HTML, one h1,
 * labelled controls, visible focus, usable at 320 px. No script; the inline style sheet is
 * allowed by its hash.
 */
const css = `
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
header,main{max-width:40rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center;border-bottom:1px solid #6b6b6b}
h1{font-size:1.75rem;line-height:1.2;margin:1rem 0}
dl{margin:1rem 0}
dt{font-weight:700}
dd{margin:0 0 .75rem;overflow-wrap:anywhere}
.recipient{font-size:1.25rem}
.notice{background:#fff4d6;border-left:4px solid #8a5a00;padding:.75rem 1rem}
.error{background:#fdecea;border-left:4px solid #b50909;padding:.75rem 1rem}
code{overflow-wrap:anywhere}
button{font:inherit;font-weight:700;padding:.625rem 1.25rem;border-radius:4px;border:2px solid #1a4480;cursor:pointer}
button.primary{background:#1a4480;color:#fff}
button.secondary,button.link{background:#fff;color:#1a4480}
button.link{border:0;padding:.25rem;text-decoration:underline;font-weight:400}
button:focus{outline:3px solid #1b1b1b;outline-offset:2px}
.actions{display:flex;flex-wrap:wrap;gap:1rem;margin-top:1.5rem}
form.inline{margin:0}
`;

/** No framing (clickjacking the consent page), no caching, nothing loaded but the style. */
export const pageHeaders = lockedDownPageHeaders(css, { formAction: 'self' });

function layout(options: { lang: Lang; title: string; serviceName: string; header?: string; main: string }) {
  return `<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} – ${escapeHtml(options.serviceName)}</title>
<style>${css}</style>
</head>
<body>
<header><span>${escapeHtml(options.serviceName)}</span>${options.header ?? ''}</header>
<main id="main">
${options.main}
</main>
</body>
</html>`;
}

export interface ConsentPageOptions {
  lang: Lang;
  holderName: string;
  walletName: string;
  credentialNames: string[];
  /** Where the form posts: the holder's decision endpoint. */
  action: string;
  consentToken: string;
  /** Read access to the person's usage log instead of credentials. */
  usageLog?: boolean;
  /** Managing the person's powers of attorney at Mina ombud instead of credentials. */
  mandates?: boolean;
}

export function renderConsentPage(options: ConsentPageOptions): string {
  const base = pageTexts[options.lang];
  // The same page, worded for what is granted: credentials, or reading the usage log.
  const grant = options.mandates ? base.mandates : options.usageLog ? base.usageLog : undefined;
  const t = grant
    ? {
        ...base,
        consentTitle: grant.title,
        consentIntro: grant.intro,
        recipientLabel: grant.recipientLabel,
        credentialsLabel: grant.grantLabel,
        holderLabel: grant.holderLabel,
        explanation: grant.explanation,
      }
    : base;
  const token = `<input type="hidden" name="consent_token" value="${escapeHtml(options.consentToken)}">`;
  const other = t.otherLanguage;
  const header = `<form class="inline" method="post" action="${escapeHtml(options.action)}">${token}
<input type="hidden" name="decision" value="language">
<button type="submit" class="link" name="lang" value="${other.lang}" lang="${other.lang}">${other.label}</button></form>`;
  const credentials = options.credentialNames.map((n) => `<dd>${escapeHtml(n)}</dd>`).join('\n');
  const main = `<h1>${t.consentTitle}</h1>
<p>${escapeHtml(t.consentIntro(options.holderName))}</p>
<dl>
<dt>${t.recipientLabel}:</dt>
<dd class="recipient" id="recipient">${escapeHtml(options.walletName)}</dd>
<dt>${t.credentialsLabel}:</dt>
${credentials}
<dt>${t.holderLabel}:</dt>
<dd>${escapeHtml(options.holderName)}</dd>
</dl>
<p class="notice" id="consent-explanation">${t.explanation}</p>
<form method="post" action="${escapeHtml(options.action)}">${token}
<input type="hidden" name="lang" value="${options.lang}">
<div class="actions">
<button type="submit" class="primary" name="decision" value="continue" aria-describedby="recipient consent-explanation">${t.continueLabel}</button>
<button type="submit" class="secondary" name="decision" value="cancel">${t.cancelLabel}</button>
</div>
</form>`;
  return layout({ lang: options.lang, title: t.consentTitle, serviceName: options.holderName, header, main });
}

/** An error shown at the holder, never redirected (RFC 6749 §4.1.2.1): Swedish, then English. */
export function renderErrorPage(options: {
  holderName: string;
  code: string;
  description: string;
  /** A known case the person can act on gets its own sentence. */
  hint?: 'other_browser';
}): string {
  const section = (lang: Lang) => {
    const t = pageTexts[lang];
    const heading = lang === 'sv' ? 'h1' : 'h2';
    const hint = options.hint === 'other_browser' ? `\n<p id="error-hint-${lang}">${t.otherBrowser}</p>` : '';
    return `<section lang="${lang}" aria-labelledby="error-${lang}">
<${heading} id="error-${lang}">${t.errorTitle}</${heading}>
<p>${t.errorIntro}</p>${hint}
<p>${t.errorWhatToDo}</p>
</section>`;
  };
  const main = `<div class="error" role="alert">
${section('sv')}
${section('en')}
</div>
<h2>${pageTexts.sv.technicalDetails} / <span lang="en">${pageTexts.en.technicalDetails}</span></h2>
<p lang="en"><code id="error-code">${escapeHtml(options.code)}</code>: <span id="error-description">${escapeHtml(options.description)}</span></p>`;
  return layout({ lang: 'sv', title: pageTexts.sv.errorTitle, serviceName: options.holderName, main });
}
