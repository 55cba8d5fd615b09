import { OAuthError } from '@min-profil/shared/errors';
import type { HolderDefinition } from '../holders/holder-types.js';
import { usageLogScope } from '../usage/usage-log-scope.js';
import {
  parseAuthorizationDetailsParameter,
  readAuthorizationDetails,
} from './read-authorization-details.js';

/**
 * Which credential configurations a request asks for, from `scope` (OID4VCI 1.0 §5.1.2) and/or
 * `authorization_details` (RFC 9396, OID4VCI 1.0 §5.1.1), or else the one grant that is not a
 * credential, `usage_log` (docs/authorization-server.md "Scopes"). The two are never mixed in
 * one request, so a token is either for credentials or for the usage log, never both.
 */
export function readRequestedCredentials(options: {
  holder: HolderDefinition;
  scope?: string;
  authorizationDetails?: string;
}): { configurationIds: string[]; authorizationDetails: string | null; usageLog: boolean } {
  const configurationIds = new Set<string>();
  let usageLog = false;
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
    else if (scope === usageLogScope || options.holder.grantScopes?.includes(scope)) usageLog = true;
    else if (scope !== 'openid')
      throw new OAuthError('invalid_scope', 'a requested scope is not known to this issuer');
  }
  if (usageLog && configurationIds.size > 0) {
    throw new OAuthError(
      'invalid_scope',
      'usage_log (and mandates at Mina ombud) is granted on its own: ask for credentials in a separate authorization request',
    );
  }
  if (configurationIds.size === 0 && !usageLog) {
    throw new OAuthError('invalid_request', 'ask for a credential with scope or authorization_details');
  }
  return { configurationIds: [...configurationIds], authorizationDetails, usageLog };
}
