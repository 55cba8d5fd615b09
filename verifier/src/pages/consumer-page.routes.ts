import { Router, type Request, type Response } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { createPresentationRequest } from '../presentation-request/create-presentation-request.js';
import { checkResponseCode } from '../presentation-request/check-response-code.js';
import { externalStatus } from '../presentation-request/describe-presentation-request.js';
import { findTemplate } from '../presentation-request/resolve-template.js';
import { loadTrustList } from '../util/load-trust-list.js';
import { consumerPageScript } from './consumer-page-script.js';
import { escapeHtml, readLang, renderLayout, type Lang } from './html.js';
import { claimLabel, pageText, t } from './page-text.js';
import { currentPageSession, ownsPageRequest, startPageSession } from './page-session.js';
import { refuseWhenFull } from './page-capacity.js';
import { renderQrSvg } from '../presentation-request/render-qr.js';

type Path = Array<string | number | null>;

function fieldId(queryId: string, path: Path): string {
  return `f-${queryId}-${path.map((p) => String(p)).join('-')}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** A claim value as one line (or a few) of form text. */
function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(formatValue).join('; ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('name' in o && 'grade' in o) return `${formatValue(o.name)} (${formatValue(o.grade)})`;
    return Object.values(o).map(formatValue).filter(Boolean).join(', ');
  }
  return String(value);
}

function valueAt(claims: Record<string, unknown>, path: Path): unknown {
  let node: unknown = claims;
  for (const segment of path) {
    if (segment === null || node === null || typeof node !== 'object') return node;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  return node;
}

function issuerName(list: TrustList | undefined, iss: string, lang: Lang): string {
  // A self-asserted credential (the contact profile) is issued by the person's own key.
  if (iss.startsWith('did:jwk:')) return lang === 'sv' ? 'Uppgett av personen' : 'Provided by the person';
  const issuer = list?.issuers.find((i) => i.credential_issuer === iss || i.did === iss);
  return issuer ? issuer.name[lang] : iss;
}

/**
 * The consumers' demo pages (only with `demoPages`): `/{consumer}` (a form that asks the
 * wallet, waits and fills itself from verified data, naming the source of each field),
 * `/{consumer}/log` (the requests this browser's page session created and their outcomes, no
 * claim values) and the polling endpoint the page's script reads. Nothing a consumer created
 * through its API is shown here (page-session.ts).
 */
export function consumerPageRoutes(ctx: VerifierContext): Router {
  const router = Router();

  router.get('/assets/consumer-page.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('text/javascript').send(consumerPageScript);
  });

  for (const consumer of ctx.consumers.values()) {
    const id = consumer.config.id;
    router.get(`/${id}`, (req, res) => renderForm(ctx, consumer, req, res));
    router.get(`/${id}/log`, (req, res) => renderLog(ctx, consumer, req, res));
    router.get(`/${id}/requests/:requestId`, async (req, res) => {
      const row = await ctx.store.findRequest(req.params.requestId);
      // Only the browser that opened the page may read its result.
      if (!ownsPageRequest(consumer, req, row)) throw new OAuthError('not_found', 'no such request');
      // Back from the wallet on this device, the page passes on the response_code it came with.
      checkResponseCode(row, req.query.response_code);
      res.set('Cache-Control', 'no-store').json(await pageResult(ctx, consumer, row, readLang(req.query)));
    });
  }
  return router;
}

export async function pageResult(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  row: PresentationRequestRow,
  lang: Lang,
) {
  const status = externalStatus(row, ctx.now());
  if (status === 'rejected') {
    const failed = (row.checks ?? []).filter((c) => !c.passed);
    return { status, reason: failed.map((c) => `${c.name}${c.detail ? ` (${c.detail})` : ''}`).join('; ') };
  }
  if (
    status !== 'verified' ||
    !row.claims ||
    (row.claimsExpireAt !== null && row.claimsExpireAt <= ctx.now())
  ) {
    return { status };
  }
  const trustList = await loadTrustList(ctx);
  const template = row.template ? findTemplate(consumer.config, row.template) : undefined;
  const fields = (template?.credentials ?? []).flatMap((credential) => {
    const presented = row.claims?.[credential.id]?.[0];
    if (!presented) return [];
    return credential.claims.map((path) => ({
      id: fieldId(credential.id, path),
      value: formatValue(valueAt(presented, path)),
      source: issuerName(trustList, presented.issuer, lang),
    }));
  });
  return { status, fields };
}

async function renderForm(ctx: VerifierContext, consumer: ConsumerRuntime, req: Request, res: Response) {
  const lang = readLang(req.query);
  const id = consumer.config.id;
  const text = pageText[id] ?? { title: consumer.config.name, intro: consumer.config.name, manual: [] };
  const template = findTemplate(consumer.config, consumer.config.defaultTemplate);
  const langQuery = lang === 'en' ? '&lang=en' : '';

  // Back from the wallet on this device (`?request=…#response_code=…`): show that request.
  // Only a request this browser's page session created; any other id gets a new request.
  const returning =
    typeof req.query.request === 'string' ? await ctx.store.findRequest(req.query.request) : null;
  let row: PresentationRequestRow;
  let share = '';
  if (ownsPageRequest(consumer, req, returning)) {
    row = returning;
  } else {
    if (await refuseWhenFull(ctx, consumer, lang, res)) return;
    const created = await createPresentationRequest({
      ctx,
      consumer,
      request: { template: consumer.config.defaultTemplate, response_mode: 'direct_post' },
      redirectUriFor: (requestId) => `${ctx.baseUrl}/${id}?request=${requestId}${langQuery}`,
      pageSession: startPageSession(ctx, consumer, req, res),
    });
    row = created.row;
    share = `<section id="share" aria-labelledby="share-h">
<h2 id="share-h">${t.share[lang]}</h2>
<p>${t.scan[lang]}</p>
<div class="qr" role="img" aria-label="${escapeHtml(t.qrAlt[lang])}">${await renderQrSvg(created.openid4vpUrl)}</div>
<p><a class="button" href="${escapeHtml(created.openid4vpUrl)}">${t.openWallet[lang]}</a>
<a class="button secondary" href="${escapeHtml(created.walletUrl)}">${t.openDemoWallet[lang]}</a></p>
${
  row.beyondRegistration.length > 0
    ? `<p class="warning">${t.beyond[lang]} ${escapeHtml(row.beyondRegistration.flatMap((b) => b.claims.map((c) => c.join('.'))).join(', '))}</p>`
    : ''
}
</section>`;
  }

  const fieldsets = template.credentials
    .map(
      (credential) => `<fieldset>
<legend>${escapeHtml(credential.label[lang])}</legend>
${credential.claims
  .map((path) => {
    const fid = fieldId(credential.id, path);
    return `<label for="${fid}">${escapeHtml(claimLabel(path, lang))}</label>
<input id="${fid}" name="${fid}" type="text" aria-describedby="${fid}-source">
<span class="source" id="${fid}-source"></span>`;
  })
  .join('\n')}
</fieldset>`,
    )
    .join('\n');
  const manual = text.manual
    .map(
      (f) =>
        `<label for="m-${f.id}">${escapeHtml(f[lang])}</label><input id="m-${f.id}" name="${f.id}" type="text">`,
    )
    .join('\n');
  const pollText = JSON.stringify({
    verifiedBy: t.verifiedBy[lang],
    verified: t.verified[lang],
    rejected: t.rejected[lang],
    expired: t.expired[lang],
    deleted: t.deleted[lang],
  });
  const body = `<h1>${escapeHtml(text.title[lang])}</h1>
<p>${escapeHtml(text.intro[lang])}</p>
<div data-request="${escapeHtml(row.id)}" data-poll="/${id}/requests/${escapeHtml(row.id)}${lang === 'en' ? '?lang=en' : ''}" data-text="${escapeHtml(pollText)}">
<p id="status" class="status" role="status" aria-live="polite">${t.waiting[lang]}</p>
</div>
${share}
<form action="#" method="post" aria-labelledby="form-h">
<h2 id="form-h">${escapeHtml(template.purpose[lang])}</h2>
${fieldsets}
<fieldset><legend>${t.yourDetails[lang]}</legend>${manual}</fieldset>
<button class="button" type="submit">${t.submit[lang]}</button>
</form>
<p><a href="/${id}/log${lang === 'en' ? '?lang=en' : ''}">${t.log[lang]}</a></p>`;
  res
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(
      renderLayout({
        lang,
        title: text.title[lang],
        siteName: consumer.config.name[lang],
        otherLangHref: `/${id}${lang === 'sv' ? '?lang=en' : ''}`,
        body,
        script: '/assets/consumer-page.js',
      }),
    );
}

async function renderLog(ctx: VerifierContext, consumer: ConsumerRuntime, req: Request, res: Response) {
  const lang = readLang(req.query);
  const id = consumer.config.id;
  const session = currentPageSession(req);
  const rows = session ? await ctx.store.listPageRequests(id, session, 50) : [];
  const now = ctx.now();
  const head =
    lang === 'sv'
      ? ['Skapad', 'Syfte', 'Utfall', 'Kontroller', 'Uppgifter sparade']
      : ['Created', 'Purpose', 'Outcome', 'Checks', 'Data kept'];
  const statusNames: Record<string, { sv: string; en: string }> = {
    pending: { sv: 'Väntar', en: 'Pending' },
    verified: { sv: 'Verifierad', en: 'Verified' },
    rejected: { sv: 'Avvisad', en: 'Rejected' },
    expired: { sv: 'Utgången', en: 'Expired' },
  };
  const lines = rows
    .map((row) => {
      const status = externalStatus(row, now);
      const failed = (row.checks ?? []).filter((c) => !c.passed).map((c) => c.name);
      const passed = (row.checks ?? []).filter((c) => c.passed).length;
      const kept = row.claims && (row.claimsExpireAt ?? 0) > now;
      return `<tr><td><time datetime="${new Date(row.createdAt * 1000).toISOString()}">${new Date(row.createdAt * 1000).toISOString().replace('T', ' ').slice(0, 19)}</time></td>
<td>${escapeHtml(row.purpose)}</td><td>${statusNames[status][lang]}</td>
<td>${failed.length > 0 ? `${lang === 'sv' ? 'Underkänd' : 'Failed'}: ${escapeHtml(failed.join(', '))}` : row.checks ? `${passed} ${lang === 'sv' ? 'godkända' : 'passed'}` : '–'}</td>
<td>${kept ? (lang === 'sv' ? `Ja, till ${new Date(row.claimsExpireAt! * 1000).toISOString().slice(11, 16)} UTC` : `Yes, until ${new Date(row.claimsExpireAt! * 1000).toISOString().slice(11, 16)} UTC`) : lang === 'sv' ? 'Nej' : 'No'}</td></tr>`;
    })
    .join('\n');
  const body = `<h1>${t.log[lang]}</h1>
<p>${t.logIntro[lang]}</p>
<div class="table-wrap" role="region" tabindex="0" aria-label="${escapeHtml(t.log[lang])}"><table>
<caption class="muted">${escapeHtml(consumer.config.name[lang])}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>
<tbody>${lines}</tbody></table></div>
${rows.length === 0 ? `<p>${t.logEmpty[lang]}</p>` : ''}
<p><a href="/${id}${lang === 'en' ? '?lang=en' : ''}">${t.backToForm[lang]}</a></p>`;
  res
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(
      renderLayout({
        lang,
        title: t.log[lang],
        siteName: consumer.config.name[lang],
        otherLangHref: `/${id}/log${lang === 'sv' ? '?lang=en' : ''}`,
        body,
      }),
    );
}
