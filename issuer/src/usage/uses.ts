import type { CredentialConfiguration, HolderDefinition } from '../holders/holder-types.js';
import { holderAsReceiver } from './holder-organisation.js';
import type { UsageAction } from './usage-record-entity.js';
import type { Use } from './usage-log.js';

/**
 * The uses a holder records, one builder per kind, so each kind is described the same way
 * wherever it happens. Purposes and legal bases are the holder's words to the person.
 */

/** The claims a credential carried (their names, never their values). */
function claimNames(configuration: CredentialConfiguration, claims: Record<string, unknown>): string[] {
  return configuration.claims.map((c) => String(c.path[0])).filter((name) => name in claims);
}

/** A credential issued to the person's own wallet (the audit row is in `issued_credential`). */
export function issuedUse(options: {
  configuration: CredentialConfiguration;
  identityNumber: string;
  claims: Record<string, unknown>;
}): Use {
  return {
    identityNumber: options.identityNumber,
    action: 'issued',
    receiver: { name: 'Din egen plånbok', orgNumber: null, system: null },
    fields: claimNames(options.configuration, options.claims),
    purpose: 'Intyg utfärdat till dig på din egen begäran',
    legalBasis: 'Din begäran om intyget',
  };
}

/** Staff looked at what was issued to the person (the admin API's list). */
export function staffViewUse(holder: HolderDefinition, identityNumber: string): Use {
  return {
    identityNumber,
    action: 'staff_view',
    receiver: holderAsReceiver(holder, 'admin API'),
    fields: ['personal_identity_number', 'issued_credentials'],
    purpose: 'Handläggning: utfärdade intyg visades för personal',
    legalBasis: 'Myndighetsutövning',
  };
}

const statusActions: Record<string, UsageAction> = {
  revoked: 'revoked',
  suspended: 'suspended',
  valid: 'reinstated',
};

/** Staff changed the status of one of the person's credentials. */
export function statusChangeUse(options: {
  holder: HolderDefinition;
  identityNumber: string;
  configurationId: string;
  status: 'valid' | 'revoked' | 'suspended';
}): Use {
  return {
    identityNumber: options.identityNumber,
    action: statusActions[options.status],
    receiver: holderAsReceiver(options.holder, 'admin API'),
    fields: [`credential_status:${options.configurationId}`],
    purpose: 'Handläggning: intygets status ändrades',
    legalBasis: 'Myndighetsutövning',
  };
}
