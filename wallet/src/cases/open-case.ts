import { createHash, randomBytes } from 'node:crypto';
import type { WalletContext } from '../context.js';
import type { AccountRow, PresentationRequestRow } from '../persistence/entities.js';
import type { StoredPresentationRequest } from '../presentation/z-stored-presentation-request.js';
import type { WalletCaseRow } from './case-entities.js';

/** The capability's hash, as stored: the inbox URL alone carries the capability. */
export const hashCapability = (capability: string) => createHash('sha256').update(capability).digest('hex');

/**
 * Opens the case a request asks for, before the answer goes (docs/cases.md "Opening"): a
 * random `case_id` and a case inbox URL whose capability names this case only, never the person.
 * Stored first, so an event the consumer sends at once finds its case; removed again by
 * `forgetCase` when the answer does not reach the verifier.
 */
export async function openCaseForAnswer(options: {
  ctx: WalletContext;
  account: AccountRow;
  row: PresentationRequestRow;
  stored: StoredPresentationRequest;
  consumer: { id: string; name: Record<string, string> };
}): Promise<{ case_id: string; case_inbox: string }> {
  const { ctx, stored } = options;
  const asked = stored.case!;
  const id = randomBytes(32).toString('base64url');
  const capability = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const caseRow: WalletCaseRow = {
    id,
    accountId: options.account.id,
    capabilityHash: hashCapability(capability),
    consumerId: options.consumer.id,
    clientId: stored.client.effective,
    consumerName: options.consumer.name,
    title: asked.title,
    reference: asked.reference,
    stopEndpoint: asked.stop_endpoint,
    presentationRequestId: options.row.id,
    status: 'open',
    lastSeq: 0,
    createdAt: now,
    lastActivityAt: now,
    stoppedAt: null,
  };
  await ctx.cases.insertCase(caseRow);
  return { case_id: id, case_inbox: `${ctx.baseUrl}/case-inbox/${capability}` };
}

export async function forgetCase(ctx: WalletContext, opened: { case_id: string } | undefined): Promise<void> {
  if (opened) await ctx.cases.deleteCase(opened.case_id);
}
