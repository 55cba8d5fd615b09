import type { HolderRuntime, IssuerContext } from '../context.js';
import { credentialDatasets } from '../credential/credential-datasets.js';
import { findConfiguration } from '../holders/catalog.js';

type Detail = Record<string, unknown>;

/**
 * The token response's `authorization_details` (OID4VCI 1.0 §6.2): each granted configuration
 * with its `credential_identifiers`. A configuration with one dataset has its own id as its
 * identifier; one with several (a guardian credential per child under 18) has one identifier
 * per dataset the register holds now. Without details in the request they are sent only when a
 * granted configuration has several datasets, so other answers stay as they were.
 */
export async function credentialAuthorizationDetails(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  identityNumber: string;
  configurationIds: string[];
  requested?: Detail[];
}): Promise<Detail[] | undefined> {
  const { ctx, holder, identityNumber } = options;
  const configurations = options.configurationIds.map((id) => findConfiguration(holder.definition, id));
  const details =
    options.requested ??
    (configurations.some((c) => c?.datasets)
      ? options.configurationIds.map((id) => ({ type: 'openid_credential', credential_configuration_id: id }))
      : undefined);
  if (!details) return undefined;
  const out: Detail[] = [];
  for (const detail of details) {
    const configuration = findConfiguration(holder.definition, String(detail.credential_configuration_id));
    if (!configuration?.datasets) {
      out.push({ ...detail, credential_identifiers: [detail.credential_configuration_id] });
      continue;
    }
    const now = ctx.now();
    const lookup = await ctx.register.lookup({
      holderId: holder.definition.id,
      recordType: configuration.recordType,
      identityNumber,
      now,
    });
    // A record not (yet) found gives no identifiers: there is nothing to tell apart.
    const identifiers =
      lookup.status === 'found'
        ? credentialDatasets(ctx.secret, configuration, lookup.claims, now).map((d) => d.identifier)
        : [];
    out.push({ ...detail, credential_identifiers: identifiers });
  }
  return out;
}
