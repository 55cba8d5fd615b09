import { consumerUrl } from '../consumers/did-web.js';

/**
 * A consumer's standing-permission endpoints, under its did:web path like its DID document:
 * the same URLs go into its request objects, its `/api/consumers` entry and the trust list.
 */
export function standingPermissionEndpoints(baseUrl: string, consumerId: string) {
  const base = `${consumerUrl(baseUrl, consumerId)}/standing-permissions`;
  return { update_endpoint: `${base}/updates`, nonce_endpoint: `${base}/nonce` };
}

/** The express paths of those endpoints. */
export const standingPermissionPaths = {
  nonce: '/consumers/:consumerId/standing-permissions/nonce',
  updates: '/consumers/:consumerId/standing-permissions/updates',
};
