import type { DeliveryKind } from '../persistence/permission-entities.js';

/**
 * What the wallet does with the update endpoint's answer (docs/standing-permissions.md,
 * "Answers of the update endpoint"). Pure: the worker acts, this decides.
 */
export type DeliveryVerdict =
  /** applied, duplicate, stale, or (for a withdrawal) withdrawn: done. */
  | {
      action: 'delivered';
      outcome: string;
      profileVersion?: number;
      /** A renewed consent record (docs/consent-records.md), with the c_nonce the update carried. */
      consentRecord?: { record: string; capability: string; nonce?: string };
    }
  /** invalid_nonce: fetch a new c_nonce and send once more. */
  | { action: 'refetch_nonce'; error: string }
  /** 410: the consumer ended the permission; stop delivering. */
  | { action: 'consumer_withdrew'; error: string }
  /** Refused for good: shown to the person as a failed delivery. */
  | { action: 'rejected'; error: string }
  /** Try again later (5xx, no answer, rate limited); `retryAt` (epoch ms) as Retry-After asked. */
  | { action: 'retry'; error: string; retryAt?: number };

export interface DeliveryAnswer {
  kind: DeliveryKind;
  /** HTTP status, or undefined when there was no answer (network, timeout). */
  status?: number;
  body?: unknown;
  /** The transport failure when there was no answer: a short code, never a body. */
  failure?: string;
}

function member(body: unknown, name: string): string | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, 100) : undefined;
}

/** The error we keep: status and error code only (a consumer's description may echo data). */
function errorText(status: number, body: unknown): string {
  const code = member(body, 'error');
  return code && /^[a-z0-9_.-]+$/i.test(code) ? `HTTP ${status} ${code}` : `HTTP ${status}`;
}

export function classifyDeliveryAnswer(answer: DeliveryAnswer): DeliveryVerdict {
  const { status, body, kind } = answer;
  if (status === undefined) return { action: 'retry', error: answer.failure ?? 'no_answer' };
  if (status >= 200 && status < 300) {
    const result = member(body, 'status');
    if (kind === 'withdrawal') {
      if (result === 'withdrawn') return { action: 'delivered', outcome: 'withdrawn' };
    } else if (result === 'applied' || result === 'duplicate' || result === 'stale') {
      const version = (body as { profile_version?: unknown }).profile_version;
      const record = (body as { consent_record?: { record?: unknown; capability?: unknown } }).consent_record;
      const consentRecord =
        typeof record?.record === 'string' && typeof record.capability === 'string'
          ? { record: record.record, capability: record.capability }
          : undefined;
      return {
        action: 'delivered',
        outcome: result,
        ...(typeof version === 'number' && Number.isInteger(version) ? { profileVersion: version } : {}),
        ...(consentRecord ? { consentRecord } : {}),
      };
    }
    return { action: 'rejected', error: `HTTP ${status} unexpected_answer` };
  }
  if (status === 400 && member(body, 'error') === 'invalid_nonce') {
    return { action: 'refetch_nonce', error: errorText(status, body) };
  }
  if (status === 410) {
    // A withdrawal the consumer already has is done; an update is told the permission ended.
    return kind === 'withdrawal'
      ? { action: 'delivered', outcome: 'already_withdrawn' }
      : { action: 'consumer_withdrew', error: errorText(status, body) };
  }
  // A withdrawal of a permission the consumer never recorded (e.g. a grant whose answer was
  // lost): nothing to withdraw there, so it is done. An update stays rejected.
  if (status === 404 && kind === 'withdrawal' && member(body, 'error') === 'unknown_standing_permission')
    return { action: 'delivered', outcome: 'unknown_at_consumer' };
  if (status === 408 || status === 429 || status >= 500)
    return { action: 'retry', error: errorText(status, body) };
  return { action: 'rejected', error: errorText(status, body) };
}

/** The nonce endpoint's answer: a c_nonce, or what to do instead. */
export function classifyNonceAnswer(answer: {
  status?: number;
  body?: unknown;
  failure?: string;
}): { nonce: string } | Exclude<DeliveryVerdict, { action: 'delivered' | 'refetch_nonce' }> {
  const { status, body } = answer;
  if (status === undefined) return { action: 'retry', error: answer.failure ?? 'no_answer' };
  if (status === 200) {
    const nonce = (body as { c_nonce?: unknown } | undefined)?.c_nonce;
    if (typeof nonce === 'string' && nonce.length > 0 && nonce.length <= 500) return { nonce };
    return { action: 'retry', error: 'nonce endpoint: no c_nonce' };
  }
  if (status === 410)
    return { action: 'consumer_withdrew', error: `nonce endpoint: ${errorText(status, body)}` };
  if (status === 408 || status === 429 || status >= 500) {
    return { action: 'retry', error: `nonce endpoint: ${errorText(status, body)}` };
  }
  return { action: 'rejected', error: `nonce endpoint: ${errorText(status, body)}` };
}
