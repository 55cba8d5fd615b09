/**
 * An HTTP `Retry-After` header (RFC 9110 §10.2.3): delay seconds or an HTTP date. Returns the
 * time it names in epoch ms, or undefined when absent or unreadable. Callers cap it.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return now + Math.min(Number(text), 365 * 86_400) * 1000;
  // IMF-fixdate and the obsolete forms all name a weekday and a time zone (GMT).
  if (!/^[A-Za-z]{3,9},? .*\d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}
