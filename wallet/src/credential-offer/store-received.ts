import { randomUUID } from 'node:crypto';
import type { WalletContext } from '../context.js';
import { dataKeyOf } from '../accounts/accounts.js';
import { sealJson } from '../crypto/data-keys.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { keyProtectionOf } from '../credentials/credential-key-protection.js';
import { firstCopyNamesHolder } from '../credentials/describe-credential.js';
import type { ReceivedCredential } from './receive-credentials.js';

/** The AAD that binds a sealed credential to its row and owner. */
export function credentialAad(row: Pick<HeldCredentialRow, 'id' | 'accountId'>): string {
  return `credential:${row.accountId}:${row.id}`;
}

/** Stores what was received in one transaction, sealed with the person's data key. */
export async function storeReceived(
  ctx: WalletContext,
  account: AccountRow,
  options: {
    offerId: string;
    credentialIssuer: string;
    received: ReceivedCredential[];
    state?: 'stored';
  },
): Promise<{ offerId: string; rows: HeldCredentialRow[] }> {
  const key = dataKeyOf(ctx, account);
  const now = ctx.now();
  const rows = options.received.map((r): HeldCredentialRow => {
    const id = randomUUID();
    return {
      id,
      accountId: account.id,
      offerId: options.offerId,
      state: r.state === 'pending' && options.state ? options.state : r.state,
      credentialIssuer: options.credentialIssuer,
      configurationId: r.configurationId,
      format: 'dc+sd-jwt',
      vct: r.vct,
      display: r.display,
      issuedAt: r.issuedAt,
      expiresAt: r.expiresAt,
      statusUri: r.statusUri,
      statusIdx: r.statusIdx,
      copies: r.sealed.copies.length,
      sealed: sealJson(key, credentialAad({ id, accountId: account.id }), r.sealed),
      // In clear beside the sealed value, so the list needs not open it (null while deferred).
      namesHolder: firstCopyNamesHolder(r.sealed),
      keyProtection: r.state === 'deferred' ? null : keyProtectionOf(r.sealed),
      createdAt: now,
      nextPollAt: r.state === 'deferred' ? now + (r.interval ?? 5) : null,
    };
  });
  await ctx.db.transaction((manager) => ctx.store.insertCredentials(rows, manager));
  return { offerId: options.offerId, rows };
}
