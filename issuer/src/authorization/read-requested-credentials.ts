import { OAuthError } from '@min-profil/shared/errors';
import type { HolderDefinition } from '../holders/holder-types.js';
import {
  parseAuthorizationDetailsParameter,
  readAuthorizationDetails,
} from './read-authorization-details.js';

/**
 * Which credential configurations a request asks for, from `scope` (OID4VCI 1.0 §5.1.2) and/or
 * `authorization_details` (RFC 9396, OID4VCI 1.0 §5.1.1). Only credential configurations'
 * scopes are accepted here; scopes of other kinds (a later `usage_log`) are refused until this
 * authorization server grants them (docs/authorization-server.md "Scopes").
 */
export function readRequestedCredentials(options: {
  holder: HolderDefinition;
  scope?: string;
  authorizationDetails?: string;
}): { configurationIds: string[]; authorizationDetails: string | null } {
  const configurationIds = new Set<string>();
  let authorizationDetails: string | null = null;
  if (options.authorizationDetails) {
    const details = readAuthorizationDetails(
      options.holder,
      parseAuthorizationDetailsParameter(options.authorizationDetails),
    );
    for (const d of details) configurationIds.add(d.credential_configuration_id);
    authorizationDetails = JSON.stringify(details);
  }
  for (const scope of (options.scope ?? '').split(' ').filter(Boolean)) {
    const configuration = options.holder.configurations.find((c) => c.scope === scope);
    if (configuration) configurationIds.add(configuration.id);
    else if (scope !== 'openid')
      throw new OAuthError('invalid_scope', 'a requested scope is not known to this issuer');
  }
  if (configurationIds.size === 0) {
    throw new OAuthError('invalid_request', 'ask for a credential with scope or authorization_details');
  }
  return { configurationIds: [...configurationIds], authorizationDetails };
}
