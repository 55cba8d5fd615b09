import { Router, type Request, type Response } from 'express';
import { errors, type Provider } from 'oidc-provider';
import { formBody } from '@min-profil/shared/http';
import type { Logger } from '@min-profil/shared/logger';
import type { EidAccounts } from '../accounts.js';
import { chooseLang, type Lang } from './page-texts.js';
import { pageHeaders, renderLoginPage, renderMessagePage } from './render-pages.js';

/**
 * The login interaction. oidc-provider sends the browser to /interaction/:uid with a cookie
 * bound to that uid; the form posts back to the same path, so the uid in the action together
 * with the cookie is the CSRF protection. Consent is implicit (see create-eid-provider.ts).
 */
export function interactionRoutes(provider: Provider, accounts: EidAccounts, logger: Logger): Router {
  const router = Router();

  router.get('/interaction/:uid', async (req, res) => {
    const lang = chooseLang(req.query.lang);
    const found = await loadInteraction(provider, req, res, logger, lang);
    if (!found) return;
    const pageLang = chooseLang(req.query.lang, found.details.params.ui_locales);
    if (found.details.prompt.name !== 'login') {
      logger.error({ prompt: found.details.prompt.name }, 'unexpected interaction prompt');
      sendPage(res, 500, renderMessagePage(pageLang, 'server'));
      return;
    }
    sendPage(res, 200, renderLoginPage({ lang: pageLang, uid: found.uid, clientName: found.clientName }));
  });

  router.post('/interaction/:uid/login', formBody(), async (req, res) => {
    const lang = chooseLang(req.query.lang);
    const found = await loadInteraction(provider, req, res, logger, lang);
    if (!found) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = typeof body.identity_number === 'string' ? body.identity_number.trim() : '';
    const picked = typeof body.person === 'string' ? body.person : '';
    const input = typed || picked;
    const result = input ? accounts.lookUpPerson(input) : ({ ok: false, reason: 'missing' } as const);
    if (!result.ok) {
      const page = renderLoginPage({
        lang,
        uid: found.uid,
        clientName: found.clientName,
        error: result.reason,
        typedNumber: typed.slice(0, 13),
      });
      sendPage(res, 400, page);
      return;
    }
    logger.info({ account: result.accountId, client_id: found.details.params.client_id }, 'person signed in');
    await forgetOtherPerson(provider, found.details, result.accountId);
    await finish(provider, req, res, logger, lang, {
      login: { accountId: result.accountId, remember: false },
    });
  });

  router.post('/interaction/:uid/abort', formBody(), async (req, res) => {
    const lang = chooseLang(req.query.lang);
    if (!(await loadInteraction(provider, req, res, logger, lang))) return;
    await finish(provider, req, res, logger, lang, {
      error: 'access_denied',
      error_description: 'the person cancelled the sign-in',
    });
  });

  return router;
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * With single sign-on, a `prompt=login` may bring another person to this browser's form.
 * oidc-provider would then ask the browser to confirm a sign-out first (an RP-initiated
 * logout page this provider does not offer); the person has just identified themself, so
 * the earlier person's sign-in is dropped from the session instead, and the login that
 * follows gives the session a new id.
 */
async function forgetOtherPerson(provider: Provider, details: Details, accountId: string): Promise<void> {
  const previous = details.session;
  if (!previous?.accountId || previous.accountId === accountId) return;
  const session = await provider.Session.findByUid(previous.uid);
  if (!session) return;
  session.accountId = undefined;
  session.authorizations = {};
  await session.persist();
  // The interaction remembers whom the session named; it must agree, or the result is refused.
  const interaction = await provider.Interaction.find(details.uid);
  if (interaction?.session) {
    Reflect.deleteProperty(interaction.session, 'accountId');
    await interaction.persist();
  }
}

async function loadInteraction(
  provider: Provider,
  req: Request,
  res: Response,
  logger: Logger,
  lang: Lang,
): Promise<{ details: Details; uid: string; clientName: string } | undefined> {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== req.params.uid) throw new errors.SessionNotFound('interaction uid mismatch');
    const clientId = String(details.params.client_id ?? '');
    const client = await provider.Client.find(clientId);
    return { details, uid: details.uid, clientName: client?.clientName ?? clientId };
  } catch (err) {
    handleError(res, logger, lang, err);
    return undefined;
  }
}

async function finish(
  provider: Provider,
  req: Request,
  res: Response,
  logger: Logger,
  lang: Lang,
  result: Parameters<Provider['interactionFinished']>[2],
): Promise<void> {
  try {
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  } catch (err) {
    handleError(res, logger, lang, err);
  }
}

function handleError(res: Response, logger: Logger, lang: Lang, err: unknown): void {
  if (err instanceof errors.SessionNotFound) {
    sendPage(res, 400, renderMessagePage(lang, 'expired'));
    return;
  }
  const e = err instanceof Error ? { type: err.name, message: err.message } : { type: typeof err };
  logger.error({ err: e }, 'login interaction failed');
  sendPage(res, 500, renderMessagePage(lang, 'server'));
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).set(pageHeaders).type('html').send(html);
}
