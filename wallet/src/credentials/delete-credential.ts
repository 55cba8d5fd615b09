import type { WalletContext } from '../context.js';
import { deleteHolderKeys } from '../crypto/holder-keys.js';
import { kmsKidsOfCopies } from '../credential-offer/receive-credentials.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { recordEvent } from '../log/record-event.js';
import { openSealed, readClaims } from './describe-credential.js';

/** Keys the sealed credential uses (copies and a deferred request's keys). */
export function kmsKidsOf(ctx: WalletContext, account: AccountRow, row: HeldCredentialRow): string[] {
  const sealed = openSealed(ctx, account, row);
  return [...kmsKidsOfCopies(sealed.copies), ...(sealed.deferred?.kmsKids ?? [])];
}

/** Deletes the credential, its holder keys, and logs it (claim names only). */
export async function deleteCredential(
  ctx: WalletContext,
  account: AccountRow,
  row: HeldCredentialRow,
): Promise<void> {
  const sealed = openSealed(ctx, account, row);
  const claimNames = sealed.copies[0] ? readClaims(sealed.copies[0].compact).map((c) => c.name) : [];
  await ctx.db.transaction(async (manager) => {
    await ctx.store.deleteCredentials({ id: row.id, accountId: account.id }, manager);
    await recordEvent(
      ctx,
      {
        accountId: account.id,
        event: 'deletion',
        counterparty: row.credentialIssuer,
        counterpartyName: row.display.issuer_name,
        credentialTypes: row.vct ? [row.vct] : [row.configurationId],
        claims: claimNames,
        outcome: 'deleted',
      },
      manager,
    );
  });
  await deleteHolderKeys(ctx.keys, kmsKidsOf(ctx, account, row));
}
