import { createHash } from 'node:crypto';

/** Text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Headers for a server-rendered page whose only style is `css`, inline: no framing
 * (clickjacking), no caching, nothing loaded but that style (by its hash), forms posted only
 * to the page's own origin when `formAction` is `'self'`.
 */
export function lockedDownPageHeaders(
  css: string,
  options: { formAction?: 'self' } = {},
): Record<string, string> {
  const styleHash = createHash('sha256').update(css).digest('base64');
  const formAction = options.formAction ? `; form-action '${options.formAction}'` : '';
  return {
    'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'${formAction}; frame-ancestors 'none'`,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}
