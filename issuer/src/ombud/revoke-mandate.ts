import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { datasetIdentifier } from '../credential/credential-datasets.js';
import { mandate } from '../holders/mandate.js';
import { statusValues } from '../admin/admin.routes.js';
import { statusChangeUse } from '../usage/uses.js';
import type { MandateGrantRow } from './mandate-grant-entity.js';

/**
 * The principal revokes a power of attorney at once: no further mandate credential is issued for
 * it, and every one already issued is revoked in the status list, so a body that checks the
 * status on the next use refuses it. Only the principal may; revoking twice is not an error.
 */
export async function revokeMandate(
  ctx: IssuerContext,
  holder: HolderRuntime,
  principalNumber: string,
  id: string,
): Promise<MandateGrantRow> {
  const grant = await ctx.mandates.find(id);
  // Someone else's grant is as unknown to this principal as one that does not exist.
  if (!grant || grant.principalNumber !== principalNumber) {
    throw new OAuthError('not_found', 'you have given no power of attorney with that id');
  }
  const now = ctx.now();
  await ctx.mandates.markRevoked(id, now);
  const issued = await ctx.mandates.issuedUnder(
    holder.definition.id,
    datasetIdentifier(ctx.secret, mandate, id),
  );
  for (const row of issued) {
    await ctx.statusLists.setStatus(row.statusListId, row.statusIndex, statusValues.revoked);
  }
  if (issued.length > 0) {
    await ctx.usage.record(holder.definition, [
      statusChangeUse({
        holder: holder.definition,
        identityNumber: grant.agentNumber,
        configurationId: mandate.id,
        status: 'revoked',
      }),
    ]);
  }
  ctx.logger.info({ mandate: id, credentials: issued.length }, 'power of attorney revoked');
  return (await ctx.mandates.find(id))!;
}
