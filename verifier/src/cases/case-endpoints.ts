import { consumerUrl } from '../consumers/did-web.js';

/** A consumer's case endpoint the wallet calls (stop), under its did:web path. */
export function caseEndpoints(baseUrl: string, consumerId: string) {
  return { stop_endpoint: `${consumerUrl(baseUrl, consumerId)}/cases/stop` };
}

export const caseStopPath = '/consumers/:consumerId/cases/stop';
