import { Router, type Request, type Response } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { PresentationTemplate } from '../consumers/consumer-config.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { createPresentationRequest } from '../presentation-request/create-presentation-request.js';
import { checkResponseCode } from '../presentation-request/check-response-code.js';
import { externalStatus } from '../presentation-request/describe-presentation-request.js';
import { findTemplate } from '../presentation-request/resolve-template.js';
import { loadTrustList } from '../util/load-trust-list.js';
import { consumerPageScript } from './consumer-page-script.js';
import { dcApiPageScript, renderDcApiButton } from './dc-api-page.js';
import { escapeHtml, readLang, renderLayout, type Lang } from './html.js';
import { pageText, t } from './page-text.js';
import { claimLabel, fieldId, pageFields } from './page-fields.js';
import { rejectionReasons } from './rejection-text.js';
import { currentPageSession, ownsPageRequest, startPageSession } from './page-session.js';
import { refuseWhenFull } from './page-capacity.js';
import { checkSameDeviceRelease, separateSameDeviceRequest } from './same-device-release.js';
import { renderPollBlock, renderShareSection } from './share-section.js';
import { demoCaseAsk } from '../cases/demo-cases.js';

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
    res
      .set('Cache-Control', 'public, max-age=300')
      .type('text/javascript')
      .send(consumerPageScript + dcApiPageScript);
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
      // HAIP: a same-device request's result only with it (the redirect back must come).
      checkSameDeviceRelease(consumer, row, req.query.response_code);
      res.set('Cache-Control', 'no-store').json(await pageResult(ctx, consumer, row, readLang(req.query)));
    });
  }
  return router;
}

/** What the page asked for, in words: each claim's label, and the credential it comes from. */
function neededText(template: PresentationTemplate | undefined, lang: Lang): string {
  return (template?.credentials ?? [])
    .map(
      (credential) =>
        `${credential.claims.map((path) => claimLabel(credential, path, lang)).join(', ')} (${credential.label[lang]})`,
    )
    .join('; ');
}

export async function pageResult(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  row: PresentationRequestRow,
  lang: Lang,
) {
  const status = externalStatus(row, ctx.now());
  const template = row.template ? findTemplate(consumer.config, row.template) : undefined;
  if (status === 'rejected') {
    // In words, with what the page asked for; the check names stay in the consumer's API result.
    return { status, reasons: rejectionReasons(row.checks, neededText(template, lang), lang) };
  }
  if (
    (status !== 'verified' && status !== 'pending_second_signatory') ||
    !row.claims ||
    (row.claimsExpireAt !== null && row.claimsExpireAt <= ctx.now())
  ) {
    return { status };
  }
  const trustList = await loadTrustList(ctx);
  return { status, fields: pageFields(template?.credentials ?? [], row.claims, trustList, lang) };
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
    const pageSession = startPageSession(ctx, consumer, req, res);
    const request = {
      template: consumer.config.defaultTemplate,
      // The consumer's profile picks the mode: direct_post, or direct_post.jwt under HAIP.
      // Issue 22: the demo bodies open a case with the share; the person may decline it.
      case: demoCaseAsk(id, lang),
    };
    const created = await createPresentationRequest({
      ctx,
      consumer,
      request,
      redirectUriFor: (requestId) => `${ctx.baseUrl}/${id}?request=${requestId}${langQuery}`,
      pageSession,
    });
    // HAIP: the QR code gets a request of its own, without redirect, which the page polls; the
    // links' request is then same-device only (its result needs the response_code).
    const crossDevice = separateSameDeviceRequest(consumer)
      ? await createPresentationRequest({ ctx, consumer, request, pageSession })
      : undefined;
    row = crossDevice?.row ?? created.row;
    share = await renderShareSection({
      lang,
      walletUrl: created.walletUrl,
      openid4vpUrl: created.openid4vpUrl,
      ...(crossDevice ? { crossDeviceOpenid4vpUrl: crossDevice.openid4vpUrl } : {}),
      note:
        row.beyondRegistration.length > 0
          ? `<p class="warning">${t.beyond[lang]} ${escapeHtml(row.beyondRegistration.flatMap((b) => b.claims.map((c) => c.join('.'))).join(', '))}</p>`
          : '',
    });
  }

  const fieldsets = template.credentials
    .map(
      (credential) => `<fieldset>
<legend>${escapeHtml(credential.label[lang])}</legend>
${credential.claims
  .map((path) => {
    const fid = fieldId(credential.id, path);
    return `<label for="${fid}">${escapeHtml(claimLabel(credential, path, lang))}</label>
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
  const body = `<h1>${escapeHtml(text.title[lang])}</h1>
<p>${escapeHtml(text.intro[lang])}</p>
${renderPollBlock({
  lang,
  requestId: row.id,
  pollPath: `/${id}/requests/${row.id}`,
  retryPath: `/${id}`,
  texts: {
    verifiedBy: t.verifiedBy[lang],
    verified: t.verified[lang],
    pendingSecondSignatory: t.pendingSecondSignatory[lang],
    rejected: t.rejected[lang],
    expired: t.expired[lang],
    deleted: t.deleted[lang],
  },
  started: !share,
})}
${share}
${share ? renderDcApiButton(id, lang) : ''}
<form action="#" method="post" aria-labelledby="form-h">
<h2 id="form-h">${escapeHtml(template.purpose[lang])}</h2>
${fieldsets}
<fieldset><legend>${t.yourDetails[lang]}</legend>${manual}</fieldset>
<button class="button" type="submit">${t.submit[lang]}</button>
</form>
<p><a href="/${id}/log${lang === 'en' ? '?lang=en' : ''}">${t.log[lang]}</a></p>
${demoCaseAsk(id, lang) ? `<p><a href="/${id}/cases${lang === 'en' ? '?lang=en' : ''}">${lang === 'sv' ? 'Handläggning av ärenden' : 'Case handling'}</a></p>` : ''}`;
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
    pending_second_signatory: {
      sv: 'Väntar på andra firmatecknaren',
      en: 'Waiting for the second signatory',
    },
    rejected: { sv: 'Avvisad', en: 'Rejected' },
    expired: { sv: 'Utgången', en: 'Expired' },
  };
  const lines = rows
    .map((row) => {
      const status = externalStatus(row, now);
      const failed = (row.checks ?? []).some((c) => !c.passed)
        ? rejectionReasons(
            row.checks,
            neededText(row.template ? findTemplate(consumer.config, row.template) : undefined, lang),
            lang,
          )
        : [];
      const passed = (row.checks ?? []).filter((c) => c.passed).length;
      const kept = row.claims && (row.claimsExpireAt ?? 0) > now;
      return `<tr><td><time datetime="${new Date(row.createdAt * 1000).toISOString()}">${new Date(row.createdAt * 1000).toISOString().replace('T', ' ').slice(0, 19)}</time></td>
<td>${escapeHtml(row.purpose)}</td><td>${statusNames[status][lang]}</td>
<td>${failed.length > 0 ? `${lang === 'sv' ? 'Underkänd' : 'Failed'}: ${escapeHtml(failed.join(' '))}` : row.checks ? `${passed} ${lang === 'sv' ? 'godkända' : 'passed'}` : '–'}</td>
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
