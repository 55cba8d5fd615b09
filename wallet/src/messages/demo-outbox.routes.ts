import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { findSession, personOf, requirePerson } from '../http/authenticate.js';
import type { DemoMessageRow } from '../persistence/profile-entities.js';

const shown = 50;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function describe(row: DemoMessageRow) {
  return {
    id: row.id,
    channel: row.channel,
    to: row.recipient,
    subject: row.subject,
    text: row.text,
    sent_at: new Date(row.createdAt * 1000).toISOString(),
  };
}

function page(messages: ReturnType<typeof describe>[]): string {
  const items = messages
    .map(
      (m) => `<li><article>
<h2>${m.channel === 'email' ? 'E-post' : 'Sms'} till ${escapeHtml(m.to)}</h2>
<p><time datetime="${m.sent_at}">${escapeHtml(m.sent_at.replace('T', ' ').slice(0, 19))} UTC</time></p>
${m.subject ? `<p><strong>Ämne:</strong> ${escapeHtml(m.subject)}</p>` : ''}
<pre>${escapeHtml(m.text)}</pre>
</article></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demoutkorg – Min profil</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem; max-width: 48rem; line-height: 1.5; color: #1a1a1a; }
ol { list-style: none; padding: 0; }
li { border: 1px solid #6b6b6b; border-radius: 4px; padding: 0 1rem; margin-bottom: 1rem; }
h2 { font-size: 1.1rem; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; }
</style>
</head>
<body>
<main>
<h1>Demoutkorg</h1>
<p>Här visas e-post och sms som plånboken skulle ha skickat till dig, till exempel engångskoder. Sidan finns bara i demon; i drift går meddelandena till en riktig e-post- eller sms-tjänst.</p>
${messages.length === 0 ? '<p>Inga meddelanden ännu.</p>' : `<ol aria-label="Meddelanden, nyast först">\n${items}\n</ol>`}
</main>
</body>
</html>`;
}

/**
 * The demo outbox (only when configured): what a real e-mail or SMS gateway would have sent.
 * Codes and recipients are personal data, so each signed-in person sees only their own.
 */
export function demoOutboxRoutes(ctx: WalletContext): Router {
  const router = Router();
  if (!ctx.demoOutbox) return router;
  // Same authentication as /api (session cookie or personal access token).
  router.get('/demo/outbox.json', requirePerson(ctx), async (_req, res) => {
    const rows = await ctx.profiles.listDemoMessages(personOf(res).account.id, shown);
    res.set('Cache-Control', 'no-store').json({ messages: rows.map(describe) });
  });
  router.get('/demo/outbox', async (req, res) => {
    const found = await findSession(ctx, req);
    // Not signed in: sign in first, then back here.
    if (!found) {
      res.redirect(303, `/auth/login?return_to=${encodeURIComponent('/demo/outbox')}`);
      return;
    }
    const rows = await ctx.profiles.listDemoMessages(found.account.id, shown);
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(page(rows.map(describe)));
  });
  return router;
}
