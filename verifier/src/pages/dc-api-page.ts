import { Router } from 'express';
import type { VerifierContext } from '../context.js';
import { dcApiDigitalOptions } from '../dc-api/dc-api.routes.js';
import { createPresentationRequest } from '../presentation-request/create-presentation-request.js';
import { escapeHtml, readLang, type Lang } from './html.js';
import { refuseWhenFull } from './page-capacity.js';
import { startPageSession } from './page-session.js';

/**
 * The consumer pages' Digital Credentials API path (OpenID4VP 1.0 Appendix A, HAIP 1.0 §5.2):
 * where the browser has `navigator.credentials.get({ digital })`, the page offers to ask a wallet
 * on this device through it. The button asks this route for a `dc_api.jwt` request bound to the
 * page session, with the page's origin as its only expected origin; the script hands the signed
 * request to the browser, posts the credential's data to the verifier from the page, and reloads
 * the page on that request, whose usual poll shows the result. Browsers without the API see
 * nothing of it: the QR code and link stay.
 */
export function dcApiPageRoutes(ctx: VerifierContext): Router {
  const router = Router();
  for (const consumer of ctx.consumers.values()) {
    const id = consumer.config.id;
    router.post(`/${id}/dc-api`, async (req, res) => {
      const lang = readLang(req.query);
      if (await refuseWhenFull(ctx, consumer, lang, res)) return;
      const created = await createPresentationRequest({
        ctx,
        consumer,
        request: {
          template: consumer.config.defaultTemplate,
          response_mode: 'dc_api.jwt',
          expected_origins: [new URL(ctx.baseUrl).origin],
        },
        pageSession: startPageSession(ctx, consumer, req, res),
      });
      res.set('Cache-Control', 'no-store').json({
        digital: await dcApiDigitalOptions(ctx, consumer, created.row),
        response_path: `/openid4vp/dc-api/responses/${created.row.id}`,
        page: `/${id}?request=${created.row.id}${lang === 'en' ? '&lang=en' : ''}`,
      });
    });
  }
  return router;
}

const buttonText = {
  sv: 'Dela från en plånbok på den här enheten (via webbläsaren)',
  en: 'Share from a wallet on this device (through the browser)',
};

/** The button, hidden until the script finds the API in this browser. */
export function renderDcApiButton(consumerId: string, lang: Lang): string {
  const path = `/${consumerId}/dc-api${lang === 'en' ? '?lang=en' : ''}`;
  return `<p><button class="button" type="button" id="dc-api" data-start="${escapeHtml(path)}" hidden>${escapeHtml(buttonText[lang])}</button></p>`;
}

/** Served with the consumer page's script (no inline script under the CSP). ES5, like it. */
export const dcApiPageScript = `
(function () {
  var button = document.getElementById('dc-api');
  if (!button || typeof window.DigitalCredential !== 'function' || !navigator.credentials) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    fetch(button.getAttribute('data-start'), { method: 'POST', headers: { accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (started) {
        return navigator.credentials
          .get({ mediation: 'required', digital: started.digital })
          .then(function (credential) {
            return fetch(started.response_path, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(credential.data)
            });
          })
          .then(function () { location.assign(started.page); });
      })
      .catch(function () { button.disabled = false; });
  });
})();
`;
