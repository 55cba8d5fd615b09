import { z } from 'zod';
import { assertFetchableUrl } from '../http/safe-fetch.js';

const zCaseParameter = z
  .object({
    title: z.string().trim().min(1).max(200),
    reference: z.string().trim().min(1).max(100),
    events_endpoint_hint: z.string().max(2000).optional(),
    stop_endpoint: z.string().max(2000),
  })
  .loose();

export type CaseRequest = {
  title: string;
  reference: string;
  stop_endpoint: string;
  events_endpoint_hint?: string;
};

/**
 * The `case` parameter of a request object (docs/cases.md), or null when there is none or the
 * wallet will not offer it: only from a signed request of a consumer on the trust list (its
 * events are checked against the key the list gives it), and only with a stop endpoint the
 * wallet may reach. The person can then still share without the case.
 */
export function readCaseRequest(options: {
  payload: Record<string, unknown>;
  verified: boolean;
  listedConsumer: boolean;
  allowInsecureUrls: boolean;
}): CaseRequest | null {
  if (options.payload.case === undefined || !options.verified || !options.listedConsumer) return null;
  const parsed = zCaseParameter.safeParse(options.payload.case);
  if (!parsed.success) return null;
  try {
    assertFetchableUrl(parsed.data.stop_endpoint, options.allowInsecureUrls, 'stop_endpoint');
  } catch {
    return null;
  }
  const { title, reference, stop_endpoint, events_endpoint_hint } = parsed.data;
  return { title, reference, stop_endpoint, ...(events_endpoint_hint ? { events_endpoint_hint } : {}) };
}
