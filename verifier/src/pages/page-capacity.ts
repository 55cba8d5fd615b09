import type { Response } from 'express';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { renderLayout, type Lang } from './html.js';
import { t } from './page-text.js';

/**
 * Every demo page view creates a request (and, for approvals, a copy of the document); the
 * housekeeping job deletes those that expire unanswered. Until then at most
 * `demoPageMaxPending` may be open per consumer, so a flood of page views cannot fill the
 * database: beyond it the page answers 503 until some expire. Counted, then created: two
 * views at the limit may both pass, which keeps the bound within the concurrency of the server.
 */
export async function refuseWhenFull(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  lang: Lang,
  res: Response,
): Promise<boolean> {
  const open = await ctx.store.countPendingPageRequests(consumer.config.id, ctx.now());
  if (open < ctx.settings.demoPageMaxPending) return false;
  res
    .status(503)
    .set({ 'Cache-Control': 'no-store', 'Retry-After': '60' })
    .type('html')
    .send(
      renderLayout({
        lang,
        title: consumer.config.name[lang],
        siteName: consumer.config.name[lang],
        otherLangHref: `/${consumer.config.id}${lang === 'sv' ? '?lang=en' : ''}`,
        body: `<h1>${t.busy[lang]}</h1>`,
      }),
    );
  return true;
}
