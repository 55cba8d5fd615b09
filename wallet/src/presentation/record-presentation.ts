import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import type { TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';
import type { EntityManager } from 'typeorm';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type {
  AccountRow,
  HeldCredentialRow,
  LogEntryRow,
  PresentationRequestRow,
} from '../persistence/entities.js';
import type { StandingPermissionRow } from '../persistence/permission-entities.js';
import { insertPermissionWithLog } from '../standing-permissions/create-standing-permission.js';
import { enqueueUpdates } from '../standing-permissions/enqueue-profile-deliveries.js';
import { replaceEarlierPermissions } from '../standing-permissions/manage-permission.js';
import { keepApprovals } from './keep-approvals.js';
import { pathName, type ClaimPath } from './match-credentials.js';
import type { PlannedAnswer } from './plan-answer.js';
import type { VerifierReply } from './post-to-verifier.js';
import type { StoredPresentationRequest } from './resolve-presentation-request.js';
import { permissionFromGrant, type Grant } from './standing-grant.js';

type Decision = 'approve' | 'decline';

interface AskedQuery {
  meta?: { vct_values?: string[] };
  claims?: Array<{ path: ClaimPath }>;
}

const askedQueries = (dcql: Record<string, unknown>) => (dcql.credentials ?? []) as AskedQuery[];

/** The credential types a request asks for. */
function askedTypes(dcql: Record<string, unknown>): string[] {
  return askedQueries(dcql).flatMap((q) => q.meta?.vct_values ?? []);
}

/** The registered purpose that covers the asked types (the log says why data went out). */
function purposeOf(consumer: TrustedConsumer | undefined, dcql: Record<string, unknown>) {
  const asked = new Set(askedTypes(dcql));
  return consumer?.registrations.find((r) => r.credentials.some((c) => asked.has(c.type)))?.purpose ?? null;
}

/** The log's outcome: what was decided, and what the verifier made of it. */
export function describeOutcome(options: {
  decision: Decision;
  approvalTitles: string[];
  reply: Pick<VerifierReply, 'ok' | 'status'>;
}): string {
  const { decision, reply } = options;
  if (options.approvalTitles.length > 0) {
    const titles = options.approvalTitles.map((t) => `"${t}"`).join(', ');
    // A decline the verifier did not take (say the matter was already decided) is said so.
    if (decision === 'decline')
      return reply.ok
        ? `declined to approve ${titles}`
        : `declined to approve ${titles} (verifier answered HTTP ${reply.status})`;
    return reply.ok
      ? `approved ${titles}`
      : `approval of ${titles} refused by the verifier (HTTP ${reply.status})`;
  }
  if (decision === 'approve') return reply.ok ? 'sent' : `verifier refused (HTTP ${reply.status})`;
  return reply.ok ? 'declined' : `declined (verifier answered HTTP ${reply.status})`;
}

/**
 * What the log names of an answer (claim names and types only, never values): what went out,
 * or, for a refusal, what was asked.
 */
export function loggedContent(
  plan: Array<PlannedAnswer<HeldCredentialRow>>,
  dcql: Record<string, unknown>,
): { credentialTypes: string[]; claims: string[] } {
  if (plan.length > 0) {
    return {
      credentialTypes: plan.map((p) => p.row.vct ?? p.row.configurationId),
      claims: plan.flatMap((p) => p.paths.map(pathName)),
    };
  }
  return {
    credentialTypes: askedTypes(dcql),
    claims: askedQueries(dcql).flatMap((q) => (q.claims ?? []).map((c) => pathName(c.path))),
  };
}

/**
 * After the verifier answered: the approved documents are kept, the answer is logged, and a
 * granted standing permission is stored — with the log entry, in one transaction. Returns the
 * stored permission, if any, and the log entry.
 */
export async function recordPresentation(
  ctx: WalletContext,
  answer: {
    account: AccountRow;
    row: PresentationRequestRow;
    stored: StoredPresentationRequest;
    consumer: TrustedConsumer | undefined;
    decision: Decision;
    plan: Array<PlannedAnswer<HeldCredentialRow>>;
    reply: VerifierReply;
    granted: Grant | undefined;
    /** The case the share belongs to (it opened it, or answers it): LogEntryRow.thread. */
    thread?: string;
  },
): Promise<{ permission: StandingPermissionRow | undefined; logEntry: LogEntryRow }> {
  const { account, stored, plan, reply, granted } = answer;
  const counterpartyName = answer.consumer?.name ?? null;
  const approvals = stored.transactionData ?? [];
  if (answer.decision === 'approve' && reply.ok && approvals.length > 0) {
    await keepApprovals({
      ctx,
      account,
      row: answer.row,
      stored,
      counterpartyName,
      claims: plan.flatMap((p) => p.paths.map(pathName)),
    });
  }
  const outcome = describeOutcome({
    decision: answer.decision,
    approvalTitles: approvals.map((a) => a.value.title),
    reply,
  });
  const logPresentation = (manager?: EntityManager) =>
    recordEvent(
      ctx,
      {
        accountId: account.id,
        event: answer.decision === 'approve' ? 'presentation' : 'refusal',
        counterparty: stored.client.effective,
        counterpartyName,
        ...loggedContent(plan, stored.dcql),
        purpose: purposeOf(answer.consumer, stored.dcql),
        outcome: [
          outcome,
          ...(granted && reply.ok ? ['standing permission granted'] : []),
          // OpenID4VP 1.0 Appendix A: handed to the page, which passes it on to its verifier.
          ...(stored.dcApi ? [`through the browser from ${stored.dcApi.origin}`] : []),
        ].join('; '),
        thread: answer.thread,
      },
      manager,
    );
  if (!granted || !reply.ok) return { permission: undefined, logEntry: await logPresentation() };
  const permission = permissionFromGrant(
    granted,
    { accountId: account.id, clientId: stored.client.effective, consumerName: counterpartyName },
    ctx.now(),
    granted.profileVersion,
  );
  // The permission and the presentation's log entry stand or fall together.
  const logEntry = await ctx.db.transaction(async (manager) => {
    // The profile went out at granted.profileVersion, before this permission existed, so a
    // change saved since then queued nothing for it. With the profile row locked, a save
    // either committed before (its version is seen here) or waits and then sees the permission.
    // A company's profile (issue #21): its row is the lock, and the permission is the company's.
    const currentVersion =
      granted.orgNumber === undefined
        ? (await ctx.profiles.lockProfile(account.id, manager))?.profileVersion
        : (await ctx.store.lockCompanyProfile(granted.orgNumber, manager))?.version;
    await insertPermissionWithLog(ctx, permission, manager);
    await replaceEarlierPermissions(ctx, manager, permission, ctx.now());
    const entry = await logPresentation(manager);
    if (granted.orgNumber !== undefined) {
      // The granting signatory's own log says they shared the company's profile, as the company screen's share does.
      await recordEvent(
        ctx,
        {
          accountId: account.id,
          event: 'standing_permission',
          counterparty: stored.client.effective,
          counterpartyName,
          credentialTypes: [companyContactProfileVct],
          claims: permission.fields,
          outcome: `granted for the company ${granted.orgNumber}`,
        },
        manager,
      );
    }
    if (currentVersion !== undefined && currentVersion > granted.profileVersion)
      await enqueueUpdates(manager, [permission], currentVersion, ctx.now());
    return entry;
  });
  return { permission, logEntry };
}
