import { createHmac } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { safeEqual } from '../util/secrets.js';

/**
 * The request id is public (it is in the QR code's `request_uri`), so the demo page's result
 * is bound to the browser that opened the page: an HttpOnly cookie holding an HMAC of the id,
 * keyed with the consumer's API key. SameSite=Lax, so it comes along on the same-device return.
 */
function pageToken(consumer: ConsumerRuntime, requestId: string): string {
  return createHmac('sha256', consumer.apiKey).update(`page:${requestId}`).digest('base64url');
}

function cookieName(requestId: string): string {
  return `vp_${requestId.replace(/[^A-Za-z0-9-]/g, '')}`;
}

export function setPageCookie(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  res: Response,
  requestId: string,
) {
  res.cookie(cookieName(requestId), pageToken(consumer, requestId), {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.baseUrl.startsWith('https://'),
    path: `/${consumer.config.id}`,
    maxAge: (ctx.settings.requestTtl + ctx.settings.claimRetention) * 1000,
  });
}

export function hasPageCookie(consumer: ConsumerRuntime, req: Request, requestId: string): boolean {
  const name = cookieName(requestId);
  const header = req.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return safeEqual(decodeURIComponent(rest.join('=')), pageToken(consumer, requestId));
  }
  return false;
}
