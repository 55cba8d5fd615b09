import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { WalletCaseRow } from './case-entities.js';

/** What a case entry of the log says happened (translated by the app, docs/wallet.md). */
export type CaseLogOutcome =
  | 'case opened'
  | 'case received'
  | 'case in_progress'
  | 'case needs_information'
  | 'case decision'
  | 'case closed'
  | 'case stopped by you';

/**
 * One entry of the person's log for a case (docs/cases.md): the body, the case's title as the
 * purpose, and what happened; never the case id (it authenticates the stop) nor any document.
 * The share that opened the case has its own entry just before.
 */
export async function logCase(
  ctx: WalletContext,
  row: WalletCaseRow,
  outcome: CaseLogOutcome,
): Promise<void> {
  await recordEvent(ctx, {
    accountId: row.accountId,
    event: 'case',
    counterparty: row.clientId,
    counterpartyName: row.consumerName,
    purpose: { und: `${row.title} (${row.reference})` },
    outcome,
    thread: row.presentationRequestId,
  });
}
