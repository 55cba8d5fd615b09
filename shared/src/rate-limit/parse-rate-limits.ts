/**
 * Limits per key from configuration: `insurer:1200,university:300` (requests a minute, per
 * consumer, holder…). A malformed entry is a start-up error that names the variable.
 */
export function parseRateLimits(variable: string, value: string | undefined): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const pair of (value ?? '').split(',').filter((p) => p.trim())) {
    const [id, raw] = pair.split(':').map((part) => part.trim());
    const perMinute = Number(raw);
    if (!id || !Number.isInteger(perMinute) || perMinute <= 0) {
      throw new Error(`${variable}: expected id:requests-per-minute,… (got "${pair.trim()}")`);
    }
    limits[id] = perMinute;
  }
  return limits;
}
