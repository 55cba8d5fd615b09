import { renderQrSvg } from '../presentation-request/render-qr.js';
import { escapeHtml, type Lang } from './html.js';
import { t } from './page-text.js';

/**
 * How the person starts sharing. The same-device link to the wallet comes first and is the
 * primary button: on a phone it is the action that works (an `openid4vp://` link does nothing
 * without an installed wallet app). The QR code, for a wallet on another device, comes second
 * (beside it on wide screens).
 */
export async function renderShareSection(options: {
  lang: Lang;
  walletUrl: string;
  openid4vpUrl: string;
  /**
   * The QR code's own request, for a wallet on another device (HAIP profile): the links' request
   * then is same-device only. Default: the QR code shows `openid4vpUrl`.
   */
  crossDeviceOpenid4vpUrl?: string;
  /** Extra HTML below the buttons (e.g. the beyond-registration warning). */
  note?: string;
}): Promise<string> {
  const { lang } = options;
  return `<section id="share" class="share" aria-labelledby="share-h">
<div class="share-here">
<h2 id="share-h">${t.share[lang]}</h2>
<p>${t.sameDevice[lang]}</p>
<p><a class="button" data-starts href="${escapeHtml(options.walletUrl)}">${t.openDemoWallet[lang]}</a>
<a class="button secondary" data-starts href="${escapeHtml(options.openid4vpUrl)}">${t.openWallet[lang]}</a></p>
${options.note ?? ''}
</div>
<div class="share-other">
<h3>${t.otherDevice[lang]}</h3>
<p>${t.scan[lang]}</p>
<div class="qr" role="img" aria-label="${escapeHtml(t.qrAlt[lang])}">${await renderQrSvg(options.crossDeviceOpenid4vpUrl ?? options.openid4vpUrl)}</div>
</div>
</section>`;
}

/**
 * The block the page script polls from: the status (empty until something started, so
 * "Väntar på svar" is not shown before anyone opened the wallet) and the result of a refused or
 * expired request, which takes focus. `started`: back from the wallet, already waiting.
 */
export function renderPollBlock(options: {
  lang: Lang;
  requestId: string;
  pollPath: string;
  retryPath: string;
  texts: Record<string, string>;
  started: boolean;
}): string {
  const { lang } = options;
  const query = lang === 'en' ? '?lang=en' : '';
  const text = JSON.stringify({ ...options.texts, waiting: t.waiting[lang], retry: t.retry[lang] });
  return `<div data-request="${escapeHtml(options.requestId)}" data-poll="${escapeHtml(options.pollPath + query)}" data-retry="${escapeHtml(options.retryPath + query)}" data-text="${escapeHtml(text)}">
<p id="status" class="status" role="status" aria-live="polite">${options.started ? t.waiting[lang] : ''}</p>
<div id="result" class="result" tabindex="-1" hidden></div>
</div>`;
}
