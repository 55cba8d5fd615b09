import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { safeEqual } from '@min-profil/shared/secrets';
import { readCookie } from '@min-profil/shared/http';

/**
 * The demo pages' session: a random HttpOnly cookie per consumer page (SameSite=Lax, so it
 * comes along on the same-device return from the wallet). A request a page creates stores
 * the SHA-256 of it (`page_session`), and the pages show a request, its result, its document
 * link and the log only to the session that created it. The request id alone (it is in the QR
 * code) opens nothing, and a request made through the consumer API (no page session) is never
 * shown on a page.
 */
const cookieName = 'vp_session';

function hashSession(session: string): string {
  return createHash('sha256').update(session).digest('base64url');
}

function readSessionCookie(req: Request): string | undefined {
  const value = readCookie(req, cookieName);
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** The hash of the visitor's page session, or undefined when the browser has none. */
export function currentPageSession(req: Request): string | undefined {
  const session = readSessionCookie(req);
  return session ? hashSession(session) : undefined;
}

/**
 * The visitor's page session (a new one when the browser has none); the cookie is (re)set so it
 * lasts as long as the requests it creates can be read.
 */
export function startPageSession(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  req: Request,
  res: Response,
): string {
  const session = readSessionCookie(req) ?? randomBytes(32).toString('base64url');
  res.cookie(cookieName, session, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.baseUrl.startsWith('https://'),
    path: `/${consumer.config.id}`,
    maxAge: (ctx.settings.requestTtl + ctx.settings.claimRetention) * 1000,
  });
  return hashSession(session);
}

/** True when the request was created by this consumer's page in the visitor's session. */
export function ownsPageRequest(
  consumer: ConsumerRuntime,
  req: Request,
  row: PresentationRequestRow | null,
): row is PresentationRequestRow {
  const session = currentPageSession(req);
  return (
    row !== null &&
    row.consumerId === consumer.config.id &&
    typeof row.pageSession === 'string' &&
    session !== undefined &&
    safeEqual(session, row.pageSession)
  );
}
