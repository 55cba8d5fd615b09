import { z } from 'zod';
import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import {
  contactProfileVct,
  type StandingPermissionRequest,
} from '@min-profil/shared/contact-profile/contact-profile';
import { assertFetchableUrl } from '../http/safe-fetch.js';

const zStandingPermissionRequest = z
  .object({
    credential_ids: z.array(z.string().min(1).max(200)).min(1).max(20),
    update_endpoint: z.string().max(2000),
    nonce_endpoint: z.string().max(2000),
  })
  .loose();

/**
 * The `standing_permission` parameter of a request object (docs/standing-permissions.md), or
 * null when there is none or the wallet will not offer it: only from a signed request, only for
 * credential queries that ask for the contact profile (a person's, or a company's: issue #21),
 * and only to endpoints the wallet may
 * reach. The person can then still share once.
 */
export function readStandingPermissionRequest(options: {
  payload: Record<string, unknown>;
  verified: boolean;
  dcqlCredentials: Array<{ id: string; meta?: { vct_values?: string[] } }>;
  allowInsecureUrls: boolean;
}): StandingPermissionRequest | null {
  if (options.payload.standing_permission === undefined || !options.verified) return null;
  const parsed = zStandingPermissionRequest.safeParse(options.payload.standing_permission);
  if (!parsed.success) return null;
  const { credential_ids, update_endpoint, nonce_endpoint } = parsed.data;
  const profileQueries = new Set(
    options.dcqlCredentials
      .filter((q) =>
        q.meta?.vct_values?.some((vct) => vct === contactProfileVct || vct === companyContactProfileVct),
      )
      .map((q) => q.id),
  );
  if (!credential_ids.every((id) => profileQueries.has(id))) return null;
  try {
    assertFetchableUrl(update_endpoint, options.allowInsecureUrls, 'update_endpoint');
    assertFetchableUrl(nonce_endpoint, options.allowInsecureUrls, 'nonce_endpoint');
  } catch {
    return null;
  }
  return { credential_ids: [...new Set(credential_ids)], update_endpoint, nonce_endpoint };
}
