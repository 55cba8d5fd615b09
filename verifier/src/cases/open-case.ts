import type { VerifierContext } from '../context.js';
import type { ResponseParameters } from '../response/z-authorization-response.js';

/**
 * What the answer did to the case its request asked to open (docs/cases.md "Opening"): a
 * verified presentation with `case_id` and a usable `case_inbox` opens it; anything else (the
 * person declined that part, or the whole share, or it did not verify) declines it.
 */
export async function settleCaseAsk(
  ctx: VerifierContext,
  presentationRequestId: string,
  accepted: ResponseParameters | undefined,
): Promise<void> {
  const row = await ctx.cases.findCaseOfRequest(presentationRequestId);
  if (!row || row.status !== 'asked') return;
  const now = ctx.now();
  const inbox = accepted?.caseId ? usableInbox(accepted.caseInbox, ctx.allowInsecureUrls) : undefined;
  if (accepted?.caseId && inbox) {
    if (await ctx.cases.markOpened(row.id, row.consumerId, accepted.caseId, inbox, now)) {
      ctx.logger.info({ request: presentationRequestId, case: row.id }, 'case opened');
    }
    return;
  }
  await ctx.cases.changeStatus(row.id, ['asked'], 'declined', now);
}

/** An https URL (http only where insecure URLs are allowed: the demo, tests), without user info. */
function usableInbox(value: string | undefined, allowInsecureUrls: boolean): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.hash) return undefined;
  if (url.protocol === 'https:' || (allowInsecureUrls && url.protocol === 'http:')) return url.toString();
  return undefined;
}
