import type { Response } from 'express';

/** Sends a document to approve (or approved) to the person's browser: inline, sandboxed, never cached. */
export function sendDocument(res: Response, mediaType: string, bytes: Buffer): void {
  res
    .set('Cache-Control', 'no-store')
    .set('Content-Disposition', 'inline')
    .set('X-Content-Type-Options', 'nosniff')
    // Nothing in a document runs with the wallet's origin; a PDF is left to the browser's own
    // viewer (which a sandboxed document may not use), framed only by the wallet itself.
    .set(
      'Content-Security-Policy',
      mediaType === 'application/pdf'
        ? "default-src 'none'; frame-ancestors 'self'"
        : "sandbox; default-src 'none'; frame-ancestors 'self'",
    )
    .type(mediaType)
    .send(bytes);
}
