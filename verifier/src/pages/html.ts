/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export type Lang = 'sv' | 'en';

export function readLang(query: unknown): Lang {
  return (query as Record<string, unknown> | undefined)?.lang === 'en' ? 'en' : 'sv';
}

const styles = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --accent: #0b4f8a; --ok: #135e2b; --bad: #8a1111; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 3px solid var(--accent); display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; justify-content: space-between; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, textarea:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
fieldset { border: 1px solid #767676; margin: 1rem 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: block; margin-top: .75rem; font-weight: 600; }
input, textarea { width: 100%; font: inherit; padding: .5rem; border: 1px solid #595959; border-radius: 4px; }
input[readonly] { background: #f3f6f9; }
.source { display: block; font-size: .875rem; color: var(--ok); min-height: 1.3em; }
.source.self { color: var(--muted); }
input { overflow-wrap: anywhere; }
.button { display: inline-block; background: var(--accent); color: #fff; padding: .6rem 1rem; border-radius: 4px; text-decoration: none; border: 0; font: inherit; cursor: pointer; margin: .25rem .5rem .25rem 0; }
.button.secondary { background: #fff; color: var(--accent); border: 2px solid var(--accent); }
.qr { max-width: 16rem; width: 100%; } .qr svg { width: 100%; height: auto; display: block; }
.status { padding: .5rem 1rem; border-left: 4px solid var(--accent); background: #f3f6f9; }
.status.ok { border-color: var(--ok); } .status.bad { border-color: var(--bad); }
.status:empty { display: none; }
.result { padding: .5rem 1rem 1rem; border-left: 4px solid var(--bad); background: #fdf2f2; margin: 1rem 0; }
.result-title { font-weight: 600; }
.share h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
@media (min-width: 48rem) {
  .share { display: grid; grid-template-columns: 1fr 16rem; gap: 0 2rem; align-items: start; }
  .share-other h3 { margin-top: .75rem; }
}
.warning { padding: .5rem 1rem; border-left: 4px solid #b35900; background: #fff4e5; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; border-bottom: 1px solid #c9c9c9; padding: .4rem .3rem; vertical-align: top; }
.table-wrap { overflow-x: auto; }
.muted { color: var(--muted); }
`;

/** A page of the consumers' demo: semantic landmarks, skip link, language switch, 320 px wide. */
export function renderLayout(options: {
  lang: Lang;
  title: string;
  siteName: string;
  otherLangHref: string;
  body: string;
  script?: string;
}): string {
  const { lang } = options;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} – ${escapeHtml(options.siteName)}</title>
<style>${styles}</style>
</head>
<body>
<a class="skip" href="#main">${lang === 'sv' ? 'Hoppa till innehållet' : 'Skip to content'}</a>
<header>
<p><strong>${escapeHtml(options.siteName)}</strong></p>
<nav aria-label="${lang === 'sv' ? 'Språk' : 'Language'}"><a href="${escapeHtml(options.otherLangHref)}" lang="${lang === 'sv' ? 'en' : 'sv'}">${lang === 'sv' ? 'In English' : 'På svenska'}</a></nav>
</header>
<main id="main">
${options.body}
</main>
<footer class="muted"><p>${lang === 'sv' ? 'Demo av Min profil – verifierade uppgifter via OpenID4VP.' : 'Min profil demo – verified data over OpenID4VP.'}</p></footer>
${options.script ? `<script src="${escapeHtml(options.script)}" defer></script>` : ''}
</body>
</html>`;
}
