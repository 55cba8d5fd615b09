import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { FetchFailure } from '../http/safe-fetch.js';
import type { AccountRow, HeldCredentialRow, PresentationRequestRow } from '../persistence/entities.js';
import { createStandingPermissionId } from '../standing-permissions/create-standing-permission.js';
import { identifyRequester } from './identify-requester.js';
import { matchCredentials, pathName } from './match-credentials.js';
import {
  assertTransactionDataCarried,
  credentialSetsOf,
  planAnswer,
  type PlannedAnswer,
} from './plan-answer.js';
import { answerFields, postToVerifier, type VerifierReply } from './post-to-verifier.js';
import { presentCredentials, type PendingKeyBinding, type SharedProfile } from './present-credentials.js';
import { createSigningRequest, describeSigningRequest } from '../signing-requests/signing-request.js';
import { recordPresentation } from './record-presentation.js';
import { keepConsentRecord } from '../consent-records/keep-consent-record.js';
import { grantFrom, recordLostGrant } from './standing-grant.js';
import { partiesOfCandidates, restrictToParty } from '../representation/act-for.js';
import { companiesOfCandidates, pairCompanyCredentials } from './pair-company-credentials.js';
import { orgOfCompanyProfileRow } from './company-profile-candidate.js';
import { isContactProfileRow } from './contact-profile-candidate.js';

/** The contact profile's and a company profile's rows stand in for a credential: never stored. */
const isStandIn = (row: HeldCredentialRow) =>
  isContactProfileRow(row) || orgOfCompanyProfileRow(row) !== undefined;
import type { PresentationResponseBody } from './z-presentation-response.js';
import { forgetCase, openCaseForAnswer } from '../cases/open-case.js';
import { logCase } from '../cases/log-case.js';
import { handOverDcApiResponse } from '../dc-api/dc-api-response.js';

/** What a passkey-bound answer keeps (sealed) until the page has signed its KB-JWTs. */
interface PresentationContinuation {
  presentationRequestId: string;
  body: PresentationResponseBody;
  plan: Array<{
    queryId: string;
    credentialId: string;
    paths: PlannedAnswer<HeldCredentialRow>['paths'];
    /** A profile's stand-in row (not stored: signed when shared), kept as it was planned. */
    standIn?: HeldCredentialRow;
  }>;
  vpToken: Record<string, string[]>;
  profiles: SharedProfile[];
  pending: PendingKeyBinding[];
}

/** Checked when the answer is asked for and again when the page's signatures complete it. */
async function checkAnswerable(
  ctx: WalletContext,
  row: PresentationRequestRow,
  body: PresentationResponseBody,
) {
  const stored = row.request;
  if (row.expiresAt <= ctx.now())
    throw new OAuthError('invalid_request', 'the request has expired; ask the verifier for a new one', {
      status: 410,
    });
  // Decided again here (not only when shown): a request kept from before this policy, or an API
  // client that never looked, gets no answer either. Nothing is posted to its response_uri, not
  // even a refusal: whoever wrote the link would learn that it was opened.
  const { consumer, refusal } = await identifyRequester(ctx, stored);
  if (refusal !== null) {
    throw new OAuthError(refusal.error, `this request is not answered: ${refusal.message.en}`, {
      extra: { reason: refusal.reason },
    });
  }
  if (body.standing === true && (body.decision !== 'approve' || !stored.standingPermission)) {
    throw new OAuthError('invalid_request', 'this request does not ask for a standing permission');
  }
  if (body.case === true && (body.decision !== 'approve' || !stored.case || !consumer)) {
    throw new OAuthError('invalid_request', 'this request does not ask to open a case');
  }
  if (row.answeredAt !== null) {
    throw new OAuthError('invalid_request', 'this request has already been answered', { status: 409 });
  }
  return consumer;
}

/**
 * Answers a presentation request once. Approve: the planned credentials, each with only the
 * approved disclosures (present-credentials.ts). Decline: `error=access_denied`. Either way it
 * is logged (claim names only) and the verifier's `redirect_uri`, if any, is returned. When a
 * planned copy is bound to a key only the person's browser holds (docs/passkeys.md), nothing is
 * sent yet: the answer is `202` with a signing request, and `completePresentationResponse`
 * sends it once the page has signed.
 */
export async function sendPresentationResponse(
  ctx: WalletContext,
  account: AccountRow,
  row: PresentationRequestRow,
  body: PresentationResponseBody,
): Promise<{ status: 200 | 202; body: Record<string, unknown> }> {
  const stored = row.request;
  const consumer = await checkAnswerable(ctx, row, body);
  let plan: Array<PlannedAnswer<HeldCredentialRow>> = [];
  let vpToken: Record<string, string[]> | undefined;
  let profiles: SharedProfile[] = [];
  if (body.decision === 'approve') {
    const allMatches = await matchCredentials(ctx, account, stored.dcql);
    const partyOf = partiesOfCandidates(ctx, account, allMatches);
    // A company's identity and profile go only with that company's signatory credential (issue #21).
    const matches = pairCompanyCredentials(
      restrictToParty(allMatches, partyOf, body.acting_for),
      partyOf,
      companiesOfCandidates(ctx, account, allMatches),
      body,
    );
    plan = planAnswer(credentialSetsOf(stored.dcql), matches, body);
    assertTransactionDataCarried(stored.transactionData ?? [], plan);
    let pending: PendingKeyBinding[];
    ({ vpToken, profiles, pending } = await presentCredentials(ctx, account, stored, plan));
    if (pending.length > 0) {
      const continuation: PresentationContinuation = {
        presentationRequestId: row.id,
        body,
        plan: plan.map((p) => ({
          queryId: p.queryId,
          credentialId: p.row.id,
          paths: p.paths,
          ...(isStandIn(p.row) ? { standIn: p.row } : {}),
        })),
        vpToken,
        profiles,
        pending,
      };
      const signing = await createSigningRequest(
        ctx,
        account,
        'presentation',
        pending.map((p) => ({ keyId: p.keyId, signingInput: p.signingInput })),
        continuation,
      );
      return { status: 202, body: describeSigningRequest(signing) };
    }
  }
  return {
    status: 200,
    body: await deliverAnswer(ctx, { account, row, body, consumer, plan, vpToken, profiles }),
  };
}

/**
 * The second half of a passkey-bound answer: the page's signatures (already checked against
 * the stored public keys, takeSignedRequest) end the KB-JWTs, and the answer goes out.
 */
export async function completePresentationResponse(
  ctx: WalletContext,
  account: AccountRow,
  continuation: PresentationContinuation,
  jws: string[],
) {
  const row = await ctx.store.findPresentationRequest(account.id, continuation.presentationRequestId);
  if (!row) throw new OAuthError('not_found', 'no such presentation request');
  const consumer = await checkAnswerable(ctx, row, continuation.body);
  const plan: Array<PlannedAnswer<HeldCredentialRow>> = [];
  for (const item of continuation.plan) {
    const credential = item.standIn ?? (await ctx.store.findCredential(account.id, item.credentialId));
    if (!credential)
      throw new OAuthError('invalid_request', 'a credential of this answer was deleted: start again');
    plan.push({ queryId: item.queryId, row: credential, paths: item.paths });
  }
  const vpToken = continuation.vpToken;
  continuation.pending.forEach((p, i) => {
    vpToken[p.queryId]![p.index] += jws[i]!;
  });
  return deliverAnswer(ctx, {
    account,
    row,
    body: continuation.body,
    consumer,
    plan,
    vpToken,
    profiles: continuation.profiles,
  });
}

async function deliverAnswer(
  ctx: WalletContext,
  options: {
    account: AccountRow;
    row: PresentationRequestRow;
    body: PresentationResponseBody;
    consumer: Awaited<ReturnType<typeof checkAnswerable>>;
    plan: Array<PlannedAnswer<HeldCredentialRow>>;
    vpToken: Record<string, string[]> | undefined;
    profiles: SharedProfile[];
  },
) {
  const { account, row, body, consumer, plan, vpToken, profiles } = options;
  const stored = row.request;
  // docs/standing-permissions.md: granted only on the person's explicit choice.
  const standingId = body.standing === true ? createStandingPermissionId() : undefined;
  const granted =
    standingId && stored.standingPermission
      ? grantFrom(standingId, stored.standingPermission, profiles)
      : undefined;

  if (!(await ctx.store.markPresentationAnswered(row.id, ctx.now()))) {
    throw new OAuthError('invalid_request', 'this request has already been answered', { status: 409 });
  }
  // docs/cases.md: opened only on the person's explicit choice, and only with a share.
  const openedCase =
    body.case === true && consumer
      ? await openCaseForAnswer({ ctx, account, row, stored, consumer })
      : undefined;
  let reply: VerifierReply;
  try {
    const fields = answerFields(vpToken, granted?.id, openedCase);
    // OpenID4VP 1.0 Appendix A: through the Digital Credentials API the answer goes back to the
    // caller that handed the request over, not to a URL.
    reply = stored.dcApi
      ? await handOverDcApiResponse(ctx, account, row, fields)
      : await postToVerifier(ctx, stored, fields);
  } catch (error) {
    // The person may try again.
    await ctx.store.unmarkPresentationAnswered(row.id);
    await forgetCase(ctx, openedCase);
    if (error instanceof OAuthError) throw error;
    // A URL refused before sending sent nothing; anything else may have reached the verifier.
    if (granted && !(error instanceof FetchFailure && error.reason === 'url')) {
      await recordLostGrant(ctx, granted, {
        accountId: account.id,
        clientId: stored.client.effective,
        consumerName: consumer?.name ?? null,
      });
    }
    throw new OAuthError(
      'temporarily_unavailable',
      `the verifier could not be reached: ${(error as Error).message}`,
      { status: 502 },
    );
  }
  if (!reply.ok) await forgetCase(ctx, openedCase);
  const { permission, logEntry } = await recordPresentation(ctx, {
    account,
    row,
    stored,
    consumer,
    decision: body.decision,
    plan,
    reply,
    granted,
    // The case is the thread: the share that opened it, or an answer to its information request.
    thread:
      openedCase && reply.ok
        ? row.id
        : (await ctx.cases.findCaseOfAnswer(account.id, row.id))?.presentationRequestId,
  });
  const caseRow = openedCase && reply.ok ? await ctx.cases.findCase(account.id, openedCase.case_id) : null;
  if (caseRow) await logCase(ctx, caseRow, 'case opened');
  if (body.decision === 'approve' && reply.ok && reply.consentRecord) {
    await keepConsentRecord(ctx, {
      account,
      row,
      stored,
      plan,
      logEntryId: logEntry.id,
      counterpartyName: consumer?.name ?? null,
      received: reply.consentRecord,
    });
  }
  return {
    decision: body.decision,
    delivered: reply.ok,
    verifier_status: reply.status,
    redirect_uri: reply.redirectUri ?? null,
    sent: plan.map((p) => ({
      query_id: p.queryId,
      credential_id: p.row.id,
      name: p.row.display.name,
      claims: p.paths.map(pathName),
    })),
    standing_permission: permission ? { id: permission.id, fields: permission.fields } : null,
    case: openedCase && reply.ok ? { id: openedCase.case_id } : null,
    ...(stored.dcApi ? { dc_api: { origin: stored.dcApi.origin } } : {}),
  };
}
