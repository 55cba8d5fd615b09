import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { OAuthError, isOAuthError, toErrorDescription } from './errors.js';
import type { Logger } from './logger.js';

/** A cookie of the request by name (undefined when absent or not decodable). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Largest JSON or form body any endpoint accepts. */
export const defaultBodyLimit = '64kb';

export function jsonBody(limit = defaultBodyLimit): RequestHandler {
  return express.json({ limit, type: ['application/json', 'application/*+json'] });
}

export function formBody(limit = defaultBodyLimit): RequestHandler {
  return express.urlencoded({ limit, extended: false });
}

/** 404 in the same `{error, error_description}` shape as every other error. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new OAuthError('not_found', `no such endpoint: ${req.method} ${req.path}`));
};

/**
 * The one error middleware: spec errors are sent as they are, body-parser failures become
 * `invalid_request`, everything else is logged with its cause and answered `server_error`
 * without details.
 */
export function errorHandler(
  logger: Logger,
  options: {
    /** RFC 6749 §5.2: every `error_description` in its character set (`toErrorDescription`). */
    strictDescriptions?: boolean;
  } = {},
): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toOAuthError(err);
    if (error.code === 'server_error') {
      logger.error({ err: describeCause(err), method: req.method, path: req.path }, 'unhandled error');
    }
    const body = error.toJSON();
    if (options.strictDescriptions) body.error_description = toErrorDescription(error.message);
    res.status(error.status).set(error.headers).set('Cache-Control', 'no-store').json(body);
  };
}

function toOAuthError(err: unknown): OAuthError {
  if (isOAuthError(err)) return err;
  const e = err as { type?: string; status?: number };
  // body-parser marks its own failures with a `type` and an HTTP status.
  if (e && typeof e.type === 'string' && typeof e.status === 'number') {
    if (e.type === 'entity.too.large') {
      return new OAuthError('invalid_request', 'request body is too large', { status: 413 });
    }
    if (e.type === 'entity.parse.failed') {
      return new OAuthError('invalid_request', 'request body is not valid JSON');
    }
    if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
      return new OAuthError('invalid_request', 'unsupported body encoding', { status: 415 });
    }
    return new OAuthError('invalid_request', 'request body could not be read');
  }
  return new OAuthError('server_error', 'the server could not complete the request');
}

/** The error's class, message and stack — never request bodies. */
function describeCause(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { type: typeof err };
}
