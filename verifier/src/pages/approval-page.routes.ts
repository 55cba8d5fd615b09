import { Router, type Request, type Response } from 'express';
import { demoCaseAsk } from '../cases/demo-cases.js';
import { OAuthError } from '@min-profil/shared/errors';
import { claimStatement, internshipAgreementPdf } from '@min-profil/shared/openid4vp/demo-documents';
import { createApprovalRequest, documentUri } from '../approval/create-approval-request.js';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { findTemplate } from '../presentation-request/resolve-template.js';
import { pageResult } from './consumer-page.routes.js';
import { escapeHtml, readLang, renderLayout, type Lang } from './html.js';
import { t } from './page-text.js';
import { claimLabel } from './page-fields.js';
import { ownsPageRequest, startPageSession } from './page-session.js';
import { refuseWhenFull } from './page-capacity.js';
import { checkSameDeviceRelease, separateSameDeviceRequest } from './same-device-release.js';
import type { CreateApprovalRequest } from '../approval/z-create-approval-request.js';
import { renderPollBlock, renderShareSection } from './share-section.js';

type Text = { sv: string; en: string };

/** The demo's approvals (issue 6): which consumer asks to approve what, with which template. */
const demoApprovals: Record<
  string,
  { template: string; title: Text; intro: Text; document: () => CreateApprovalRequest['document'] }
> = {
  'af-praktik': {
    template: 'internship_agreement',
    title: { sv: 'Godkänn ditt praktikavtal', en: 'Approve your internship agreement' },
    intro: {
      sv: 'Läs praktikavtalet och godkänn det med plånboken. Ditt godkännande knyts till just det här dokumentet och till din folkbokföring.',
      en: 'Read the internship agreement and approve it with your wallet. Your approval is bound to exactly this document and to your registered identity.',
    },
    document: () => ({
      media_type: 'application/pdf',
      content_base64: internshipAgreementPdf().toString('base64'),
    }),
  },
  insurer: {
    template: 'claim_statement',
    title: { sv: 'Bekräfta din skadeanmälan', en: 'Confirm your claim statement' },
    intro: {
      sv: 'Läs igenom uppgifterna i din anmälan och bekräfta dem med plånboken.',
      en: 'Read the statement in your claim and confirm it with your wallet.',
    },
    document: () => ({ media_type: 'application/json', content: claimStatement() }),
  },
};

const text = {
  read: { sv: 'Läs dokumentet', en: 'Read the document' },
  approvedBy: { sv: 'Godkänt av', en: 'Approved by' },
  receipt: { sv: 'Kvitto (id)', en: 'Receipt (id)' },
  checkReceipt: { sv: 'Kontrollera kvittot', en: 'Check the receipt' },
  verified: {
    sv: 'Godkänt. Kvittot är signerat och kan kontrolleras mot det sparade underlaget.',
    en: 'Approved. The receipt is signed and can be checked against the stored evidence.',
  },
};

/**
 * `/{consumer}/approve` for the demo consumers that ask for approvals: creates an approval
 * request with the demo document, shows the QR code and links, and fills in who approved and
 * the receipt once the wallet has answered.
 */
export function approvalPageRoutes(ctx: VerifierContext): Router {
  const router = Router();
  for (const consumer of ctx.consumers.values()) {
    const demo = demoApprovals[consumer.config.id];
    if (!demo) continue;
    const id = consumer.config.id;
    router.get(`/${id}/approve`, (req, res) => renderApprovalPage(ctx, consumer, req, res));
    router.get(`/${id}/approvals/:requestId`, async (req, res) => {
      const [row, approval] = await Promise.all([
        ctx.store.findRequest(req.params.requestId),
        ctx.approvals.findApproval(req.params.requestId),
      ]);
      if (!approval || !ownsPageRequest(consumer, req, row)) {
        throw new OAuthError('not_found', 'no such request');
      }
      // HAIP: a same-device approval's result only with the response_code of the redirect back.
      checkSameDeviceRelease(consumer, row, req.query.response_code);
      const result = await pageResult(ctx, consumer, row, readLang(req.query));
      const fields = 'fields' in result && result.fields ? result.fields : undefined;
      res.set('Cache-Control', 'no-store').json({
        ...result,
        ...(fields && approval.receiptId
          ? {
              fields: [
                ...fields,
                {
                  id: 'f-receipt',
                  value: approval.receiptId,
                  source: consumer.config.name[readLang(req.query)],
                },
              ],
            }
          : {}),
      });
    });
  }
  return router;
}

async function renderApprovalPage(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  req: Request,
  res: Response,
) {
  const lang: Lang = readLang(req.query);
  const id = consumer.config.id;
  const demo = demoApprovals[id]!;
  const langQuery = lang === 'en' ? '&lang=en' : '';
  // Only an approval this browser's page session created: its document link is not handed to
  // whoever knows the request id (it is in the QR code), nor for a request made through the API.
  const [returning, returningRequest] =
    typeof req.query.request === 'string'
      ? await Promise.all([
          ctx.approvals.findApproval(req.query.request),
          ctx.store.findRequest(req.query.request),
        ])
      : [null, null];
  let requestId: string;
  let docUri: string;
  let share = '';
  if (returning && ownsPageRequest(consumer, req, returningRequest)) {
    requestId = returning.id;
    docUri = documentUri(ctx.baseUrl, returning.documentToken);
  } else {
    if (await refuseWhenFull(ctx, consumer, lang, res)) return;
    const pageSession = startPageSession(ctx, consumer, req, res);
    const approvalFor = (redirectUriFor?: (requestId: string) => string) =>
      createApprovalRequest({
        ctx,
        consumer,
        request: {
          title: demo.title[lang],
          template: demo.template,
          document: demo.document(),
          // The consumer's profile picks the mode: direct_post, or direct_post.jwt under HAIP.
        },
        ...(redirectUriFor ? { redirectUriFor } : {}),
        pageSession,
        // Issue 22: the approval opens a case, which ends in a decision.
        caseAsk: demoCaseAsk(id, lang),
      });
    // The same-device return comes back to this page.
    const created = await approvalFor(
      (requestId) => `${ctx.baseUrl}/${id}/approve?request=${requestId}${langQuery}`,
    );
    // HAIP: the QR code gets an approval request of its own, which the page polls
    // (same-device-release.ts).
    const crossDevice = separateSameDeviceRequest(consumer) ? await approvalFor() : undefined;
    requestId = (crossDevice ?? created).row.id;
    docUri = (crossDevice ?? created).transactionData.document_uri;
    share = await renderShareSection({
      lang,
      walletUrl: created.walletUrl,
      openid4vpUrl: created.openid4vpUrl,
      ...(crossDevice ? { crossDeviceOpenid4vpUrl: crossDevice.openid4vpUrl } : {}),
    });
  }
  const template = findTemplate(consumer.config, demo.template);
  const fields = template.credentials
    .flatMap((credential) =>
      credential.claims.map((path) => {
        const fid = `f-${credential.id}-${path.map(String).join('-')}`.replace(/[^A-Za-z0-9_-]/g, '_');
        return `<label for="${fid}">${escapeHtml(claimLabel(credential, path, lang))}</label>
<input id="${fid}" type="text" readonly aria-describedby="${fid}-source">
<span class="source" id="${fid}-source"></span>`;
      }),
    )
    .join('\n');
  const body = `<h1>${escapeHtml(demo.title[lang])}</h1>
<p>${escapeHtml(demo.intro[lang])}</p>
<p><a href="${escapeHtml(docUri)}">${text.read[lang]}</a></p>
${renderPollBlock({
  lang,
  requestId,
  pollPath: `/${id}/approvals/${requestId}`,
  retryPath: `/${id}/approve`,
  texts: {
    verifiedBy: t.verifiedBy[lang],
    verified: text.verified[lang],
    rejected: t.rejected[lang],
    expired: t.expired[lang],
    deleted: t.deleted[lang],
  },
  started: !share,
})}
${share}
<form action="#" aria-labelledby="who-h">
<h2 id="who-h">${text.approvedBy[lang]}</h2>
<fieldset><legend>${escapeHtml(template.purpose[lang])}</legend>
${fields}
<label for="f-receipt">${text.receipt[lang]}</label>
<input id="f-receipt" type="text" readonly aria-describedby="f-receipt-source">
<span class="source" id="f-receipt-source"></span>
</fieldset>
</form>`;
  res
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(
      renderLayout({
        lang,
        title: demo.title[lang],
        siteName: consumer.config.name[lang],
        otherLangHref: `/${id}/approve${lang === 'sv' ? '?lang=en' : ''}`,
        body,
        script: '/assets/consumer-page.js',
      }),
    );
}
