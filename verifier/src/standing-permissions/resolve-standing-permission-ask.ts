import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { OAuthError } from '@min-profil/shared/errors';
import type { PresentationTemplate } from '../consumers/consumer-config.js';
import { typesOfCredentialQuery, type ParsedDcqlQuery } from '../presentation-request/parse-dcql-query.js';

export type StandingPermissionOption = boolean | { credential_ids: string[] } | undefined;

/**
 * Which credential queries a new request asks a standing permission for: those its template
 * names, or those the API caller names (`true`: every contact-profile query). Only the
 * contact profile can be kept current, since only the holder can sign a new version of it.
 */
export function resolveStandingPermissionAsk(options: {
  query: ParsedDcqlQuery;
  template?: PresentationTemplate;
  option: StandingPermissionOption;
  /**
   * Does the consumer serve the update and nonce endpoints (`acceptsStandingPermissions`, the
   * same rule the endpoints use)? Only then may it ask (docs/standing-permissions.md).
   */
  consumerAccepts: boolean;
}): { credential_ids: string[] } | null {
  const { query, template, option } = options;
  if (option === false) return null;
  if (option !== undefined && !options.consumerAccepts) {
    throw new OAuthError(
      'invalid_request',
      'standing_permission: this consumer does not serve the standing-permission endpoints, so it cannot ask for one',
    );
  }
  const updatable = query.credentials
    .filter(
      (c) =>
        c.format === 'dc+sd-jwt' &&
        typesOfCredentialQuery(c).some((t) => t === contactProfileVct || t === companyContactProfileVct),
    )
    .map((c) => c.id);
  let ids: string[];
  if (typeof option === 'object') ids = option.credential_ids;
  else if (template?.standingPermission) ids = template.standingPermission.credentialIds;
  else if (option === true) ids = updatable;
  else return null;
  if (ids.length === 0) {
    throw new OAuthError(
      'invalid_request',
      `standing_permission needs a credential query for ${contactProfileVct} (dc+sd-jwt)`,
    );
  }
  const wrong = ids.filter((id) => !updatable.includes(id));
  if (wrong.length > 0) {
    throw new OAuthError(
      'invalid_request',
      `standing_permission: ${wrong.join(', ')} is not a credential query for ${contactProfileVct}`,
    );
  }
  return { credential_ids: [...new Set(ids)] };
}
