import type { WalletContext } from '../context.js';
import { newOfferId, type ReceivedCredential } from '../credential-offer/receive-credentials.js';
import { storeReceived } from '../credential-offer/store-received.js';
import { openSealed, readClaims } from '../credentials/describe-credential.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';

/**
 * What a fetch from a holder brought: the person chose this credential at this holder
 * themselves, so it is kept at once (and logged) when it names them as its holder. One that
 * names no holder is kept as a pending offer instead, for the person to confirm it is theirs
 * (`acceptOffer`); nothing is stored silently. The same whoever signed the proofs.
 */
export async function keepFetched(
  ctx: WalletContext,
  account: AccountRow,
  credentialIssuer: string,
  received: ReceivedCredential[],
): Promise<{ offerId: string; rows: HeldCredentialRow[] }> {
  const keepAtOnce = received.every((r) => r.namesHolder !== false);
  const stored = await storeReceived(ctx, account, {
    offerId: newOfferId(),
    credentialIssuer,
    received,
    ...(keepAtOnce ? { state: 'stored' as const } : {}),
  });
  for (const row of stored.rows.filter((r) => r.state === 'stored')) {
    const sealed = openSealed(ctx, account, row);
    await recordEvent(ctx, {
      accountId: account.id,
      event: 'issuance',
      counterparty: row.credentialIssuer,
      counterpartyName: row.display.issuer_name,
      credentialTypes: [row.vct ?? row.configurationId],
      claims: sealed.copies[0] ? readClaims(sealed.copies[0].compact).map((c) => c.name) : [],
      outcome: 'stored',
    });
  }
  return stored;
}
