import { readBool, readString } from '../config.js';
import type { OutboundPolicy } from './outbound-policy.js';

/** The outbound settings a service options object takes (its `outbound` member). */
export type OutboundSettings = Partial<Pick<OutboundPolicy, 'allowedOrigins' | 'allowInternal' | 'resolve'>>;

/**
 * OUTBOUND_ALLOWED_ORIGINS (comma-separated origins admitted on any address: the system's own
 * services) and OUTBOUND_ALLOW_INTERNAL=1 (any internal address). Left unset, a service with
 * ALLOW_INSECURE_URLS=1 and no listed origins allows internal addresses, as the demo did.
 */
export function readOutboundSettings(env: Record<string, string | undefined>): OutboundSettings {
  const origins = (readString(env, 'OUTBOUND_ALLOWED_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin.replace(/\/$/, '')) {
      throw new Error(`OUTBOUND_ALLOWED_ORIGINS: "${origin}" is not an origin (scheme://host[:port])`);
    }
  }
  return {
    allowedOrigins: origins,
    ...(env.OUTBOUND_ALLOW_INTERNAL !== undefined
      ? { allowInternal: readBool(env, 'OUTBOUND_ALLOW_INTERNAL', false) }
      : {}),
  };
}

/** Whether internal addresses are allowed when the settings do not say: see above. */
export function defaultAllowInternal(
  settings: OutboundSettings | undefined,
  allowInsecureUrls: boolean,
): boolean {
  return settings?.allowInternal ?? (allowInsecureUrls && (settings?.allowedOrigins ?? []).length === 0);
}
