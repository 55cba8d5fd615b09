import { kmsKidsOfCopies } from './receive-credentials.js';
import { OAuthError } from '@min-profil/shared/errors';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { deleteHolderKeys } from '../crypto/holder-keys.js';
import { namesHolder } from '../credentials/credential-holder.js';
import { openSealed, readClaims } from '../credentials/describe-credential.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { sendIssuerNotification } from './notify-issuer.js';

/**
 * The person keeps what was shown: pending rows become stored; each issuance is logged. A
 * credential that names no holder is kept only when the person confirms it is theirs
 * (`confirmHolder`): nothing in it shows whom it was issued to, so the wallet cannot check.
 */
export async function acceptOffer(
  ctx: WalletContext,
  account: AccountRow,
  rows: HeldCredentialRow[],
  options: { confirmHolder: boolean } = { confirmHolder: false },
) {
  const pending = rows.filter((r) => r.state === 'pending');
  if (pending.length === 0) {
    throw new OAuthError(
      'invalid_request',
      rows.some((r) => r.state === 'deferred')
        ? 'the issuer has not delivered the credential yet; try again later'
        : 'nothing in this offer is waiting to be accepted',
      { status: 409 },
    );
  }
  if (!options.confirmHolder && pending.some((row) => !rowNamesHolder(ctx, account, row))) {
    throw new OAuthError(
      'invalid_request',
      'this credential names no holder (no personal identity number or coordination number), so the wallet cannot check that it is about you: accept it with confirm_holder: true only if it is yours',
      { extra: { holder_confirmation_required: true } },
    );
  }
  await ctx.db.transaction(async (manager) => {
    for (const row of pending) {
      const changed = await ctx.store.updateCredential(
        { id: row.id, state: 'pending' },
        { state: 'stored' },
        manager,
      );
      if (changed !== 1)
        throw new OAuthError('invalid_request', 'the offer was already answered', { status: 409 });
      const sealed = openSealed(ctx, account, row);
      await recordEvent(
        ctx,
        {
          accountId: account.id,
          event: 'issuance',
          counterparty: row.credentialIssuer,
          counterpartyName: row.display.issuer_name,
          credentialTypes: [row.vct ?? row.configurationId],
          claims: sealed.copies[0] ? readClaims(sealed.copies[0].compact).map((c) => c.name) : [],
          outcome: 'stored',
        },
        manager,
      );
    }
  });
  for (const row of pending) await sendIssuerNotification(ctx, account, row, 'credential_accepted');
  return pending.map((r) => ({ ...r, state: 'stored' as const }));
}

/** Whether a received credential names its holder (read from its first copy). */
export function rowNamesHolder(ctx: WalletContext, account: AccountRow, row: HeldCredentialRow): boolean {
  const first = openSealed(ctx, account, row).copies[0];
  return first ? namesHolder(decodeSdJwtVc(first.compact).claims) : true;
}

/** The person does not want it: everything of the offer (pending or deferred) is dropped. */
export async function declineOffer(ctx: WalletContext, account: AccountRow, rows: HeldCredentialRow[]) {
  const open = rows.filter((r) => r.state === 'pending' || r.state === 'deferred');
  if (open.length === 0)
    throw new OAuthError('invalid_request', 'the offer was already answered', { status: 409 });
  const kids: string[] = [];
  await ctx.db.transaction(async (manager) => {
    for (const row of open) {
      const sealed = openSealed(ctx, account, row);
      kids.push(...kmsKidsOfCopies(sealed.copies), ...(sealed.deferred?.kmsKids ?? []));
      await ctx.store.deleteCredentials({ id: row.id, accountId: account.id }, manager);
      await recordEvent(
        ctx,
        {
          accountId: account.id,
          event: 'refusal',
          counterparty: row.credentialIssuer,
          counterpartyName: row.display.issuer_name,
          credentialTypes: [row.vct ?? row.configurationId],
          claims: sealed.copies[0] ? readClaims(sealed.copies[0].compact).map((c) => c.name) : [],
          outcome: 'declined',
        },
        manager,
      );
    }
  });
  for (const row of open)
    if (row.state === 'pending') await sendIssuerNotification(ctx, account, row, 'credential_deleted');
  await deleteHolderKeys(ctx.keys, kids);
}

/** Previews never accepted within `pendingOfferTtl` are dropped with their keys (not logged). */
export async function dropStalePending(ctx: WalletContext, account: AccountRow): Promise<void> {
  const stale = await ctx.store.listStalePending(account.id, ctx.now() - ctx.settings.pendingOfferTtl);
  for (const row of stale) {
    const sealed = openSealed(ctx, account, row);
    if ((await ctx.store.deleteCredentials({ id: row.id, accountId: account.id, state: 'pending' })) === 1) {
      await deleteHolderKeys(ctx.keys, kmsKidsOfCopies(sealed.copies));
    }
  }
}
