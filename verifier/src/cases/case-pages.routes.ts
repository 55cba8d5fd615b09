import { Router, type Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { formBody } from '@min-profil/shared/http';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { escapeHtml, readLang, renderLayout, type Lang } from '../pages/html.js';
import { ownsPageRequest } from '../pages/page-session.js';
import { buildTemplateQuery, findTemplate } from '../presentation-request/resolve-template.js';
import { loadTrustList } from '../util/load-trust-list.js';
import type { CaseEventType, CaseRow } from './case-entities.js';
import { describeCaseEvent } from './describe-case.js';
import { demoCaseAsk } from './demo-cases.js';
import { postCaseEvent } from './post-case-event.js';
import type { CaseEventBody } from './z-case.js';

const words = {
  title: { sv: 'Handläggning av ärenden', en: 'Case handling' },
  intro: {
    sv: 'Ärenden som personer har öppnat från den här sidan. Flytta ett ärende framåt; personen ser varje steg i sin plånbok.',
    en: 'Cases people opened from this page. Move a case along; the person sees every step in their wallet.',
  },
  none: { sv: 'Inga ärenden än.', en: 'No cases yet.' },
  events: { sv: 'Händelser', en: 'Events' },
  next: { sv: 'Nästa steg', en: 'Next step' },
  back: { sv: 'Alla ärenden', en: 'All cases' },
  delivered: { sv: 'levererad', en: 'delivered' },
  pending: { sv: 'på väg', en: 'on its way' },
  failed: { sv: 'kunde inte levereras', en: 'could not be delivered' },
  answered: { sv: 'Personen har svarat', en: 'The person has answered' },
  received: { sv: 'Mottaget', en: 'Received' },
  in_progress: { sv: 'Handläggs', en: 'In progress' },
  needs_information: { sv: 'Begär komplettering', en: 'Ask for more information' },
  decision: { sv: 'Fatta beslut', en: 'Decide' },
  closed: { sv: 'Avsluta', en: 'Close' },
  status: {
    asked: { sv: 'Väntar på svar', en: 'Awaiting the answer' },
    open: { sv: 'Öppet', en: 'Open' },
    declined: { sv: 'Inte öppnat av personen', en: 'Not opened by the person' },
    stopped: { sv: 'Stoppat av personen', en: 'Stopped by the person' },
    closed: { sv: 'Avslutat', en: 'Closed' },
    undeliverable: { sv: 'Kan inte nå personen', en: 'Cannot reach the person' },
  },
};
const steps: CaseEventType[] = ['received', 'in_progress', 'needs_information', 'decision', 'closed'];

/** A one-page PDF for the demo decision (its bytes are what the wallet checks against the hash). */
function decisionPdf(title: string): string {
  const text = title.replace(/[()\\]/g, '');
  return Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`).toString('base64');
}

/**
 * The caseworker's demo pages (`/{consumer}/cases`, only with the demo pages on): the cases
 * opened from this browser's page session, each with its events and a button per next step.
 * They act through the same code as the consumer API (`POST /api/cases/{id}/events`).
 */
export function casePageRoutes(ctx: VerifierContext): Router {
  const router = Router();
  for (const consumer of ctx.consumers.values()) {
    const id = consumer.config.id;
    if (!demoCaseAsk(id, 'sv')) continue;

    const ownCase = async (req: Request): Promise<CaseRow> => {
      const row = await ctx.cases.findCase(req.params.caseId as string);
      const request = row ? await ctx.store.findRequest(row.presentationRequestId) : null;
      if (!row || !ownsPageRequest(consumer, req, request)) throw new OAuthError('not_found', 'no such case');
      return row;
    };

    router.get(`/${id}/cases`, async (req, res) => {
      const lang = readLang(req.query);
      const rows = [];
      for (const row of await ctx.cases.listCases(id, 100)) {
        if (ownsPageRequest(consumer, req, await ctx.store.findRequest(row.presentationRequestId)))
          rows.push(row);
      }
      const q = lang === 'en' ? '?lang=en' : '';
      const list = rows
        .map(
          (row) =>
            `<li><a href="/${id}/cases/${row.id}${q}">${escapeHtml(row.title)}</a> – ${words.status[row.status][lang]}</li>`,
        )
        .join('\n');
      const body = `<h1>${words.title[lang]}</h1><p>${words.intro[lang]}</p>
${rows.length ? `<ul>${list}</ul>` : `<p>${words.none[lang]}</p>`}
<p><a href="/${id}${q}">${consumer.config.name[lang]}</a></p>`;
      res
        .set('Cache-Control', 'no-store')
        .type('html')
        .send(page(consumer, lang, words.title[lang], `/${id}/cases`, body));
    });

    router.get(`/${id}/cases/:caseId`, async (req, res) => {
      const lang = readLang(req.query);
      const row = await ownCase(req);
      const events = await Promise.all(
        (await ctx.cases.listEvents(row.id)).map((e) => describeCaseEvent(ctx, e)),
      );
      const q = lang === 'en' ? '?lang=en' : '';
      const items = events
        .map((e) => {
          const state =
            words[
              e.delivery.status === 'delivered'
                ? 'delivered'
                : e.delivery.status === 'failed'
                  ? 'failed'
                  : 'pending'
            ];
          const answered =
            e.request?.status === 'verified' ? ` – <strong>${words.answered[lang]}</strong>` : '';
          return `<li>${e.seq}. ${words[e.type][lang]}${e.title ? `: ${escapeHtml(e.title)}` : ''} (${state[lang]})${answered}</li>`;
        })
        .join('\n');
      const buttons =
        row.status === 'open'
          ? steps
              .map(
                (type) =>
                  `<form method="post" action="/${id}/cases/${row.id}/events${q}"><input type="hidden" name="type" value="${type}"><button class="button" type="submit">${words[type][lang]}</button></form>`,
              )
              .join('\n')
          : '';
      const body = `<h1>${escapeHtml(row.title)}</h1>
<p>${words.status[row.status][lang]}</p>
<h2>${words.events[lang]}</h2>
${events.length ? `<ol class="plain">${items}</ol>` : '<p>–</p>'}
${buttons ? `<h2>${words.next[lang]}</h2>${buttons}` : ''}
<p><a href="/${id}/cases${q}">${words.back[lang]}</a></p>`;
      res
        .set('Cache-Control', 'no-store')
        .type('html')
        .send(page(consumer, lang, row.title, `/${id}/cases/${row.id}`, body));
    });

    router.post(`/${id}/cases/:caseId/events`, formBody('4kb'), async (req, res) => {
      const lang = readLang(req.query);
      const row = await ownCase(req);
      const type = (req.body as { type?: string }).type as CaseEventType;
      if (!steps.includes(type)) throw new OAuthError('invalid_request', 'unknown step');
      const body = await demoEvent(ctx, consumer, row, type, lang);
      await postCaseEvent({ ctx, consumer, caseRow: row, body });
      res.redirect(303, `/${id}/cases/${row.id}${lang === 'en' ? '?lang=en' : ''}`);
    });
  }
  return router;
}

async function demoEvent(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  row: CaseRow,
  type: CaseEventType,
  lang: Lang,
): Promise<CaseEventBody> {
  if (type === 'needs_information') {
    const request = await ctx.store.findRequest(row.presentationRequestId);
    const template = findTemplate(consumer.config, request?.template ?? consumer.config.defaultTemplate);
    const dcql = buildTemplateQuery({
      template,
      trustList: await loadTrustList(ctx),
      issuerBaseUrl: ctx.settings.issuerBaseUrl,
    });
    return {
      type,
      dcql_query: dcql,
      purpose: lang === 'sv' ? 'Vi behöver uppgifterna igen, aktuella' : 'We need the details again, current',
    };
  }
  if (type === 'decision') {
    const title = lang === 'sv' ? `Beslut i ${row.title}` : `Decision in ${row.title}`;
    return {
      type,
      title,
      document: { media_type: 'application/pdf', title, content_base64: decisionPdf(title) },
    };
  }
  return { type };
}

function page(consumer: ConsumerRuntime, lang: Lang, title: string, path: string, body: string): string {
  return renderLayout({
    lang,
    title,
    siteName: consumer.config.name[lang],
    otherLangHref: `${path}${lang === 'sv' ? '?lang=en' : ''}`,
    body,
  });
}
