import { OAuthError } from '@min-profil/shared/errors';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { recordApproval, transactionDataExpectation } from '../approval/record-approval.js';
import type { VerifierContext } from '../context.js';
import type { CheckResult, PresentationRequestRow, VerifiedClaims } from '../persistence/entities.js';
import type { ParsedDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import { recordGrant } from '../standing-permissions/record-grant.js';
import { loadTrustList } from '../util/load-trust-list.js';
import { receivedFields } from '../consent-records/consent-record-claims.js';
import { issueConsentRecord, type IssuedConsentRecord } from '../consent-records/issue-consent-record.js';
import { verifyVpToken } from '../verification/verify-vp-token.js';
import {
  completeFirstSignatory,
  declineFirstSignatory,
  refuseLateDecline,
  secondSignatoryExpectation,
} from '../approval/second-signatory.js';
import { checkRepresentation } from '../verification/representation-checks.js';
import { settleCaseAsk } from '../cases/open-case.js';
import { readResponseParameters } from './read-response-parameters.js';
import { isDcApiMode } from './response-modes.js';
import { requiresKeyBindingWhenBound } from '../consumers/consumer-profile.js';
import { orRecordFailure, recordOutcome } from './record-outcome.js';
import {
  checkState,
  describeFailedChecks,
  notConsumableError,
  requireTransactionData,
  walletErrorChecks,
} from './response-checks.js';
import type { AuthorizationResponse, ResponseParameters } from './z-authorization-response.js';

export type ResponseOutcome =
  | { status: 'verified'; redirectUri?: string; consentRecord?: IssuedConsentRecord }
  | { status: 'rejected'; checks: CheckResult[]; redirectUri?: string; walletError?: string };

/**
 * The response endpoint's steps (OpenID4VP 1.0 §8.2, §8.3): read the parameters (decrypting
 * `direct_post.jwt`), match `state`, consume the request once (conditional UPDATE: a replay to
 * any instance sharing the database loses), verify the `vp_token` or take the wallet's error,
 * store the outcome with its webhook (outbox), and answer with the redirect for a same-device flow.
 */
export async function handleAuthorizationResponse(options: {
  ctx: VerifierContext;
  id: string;
  body: AuthorizationResponse;
  /** Digital Credentials API: the origin of the page that posts the answer (its Origin header). */
  dcApiOrigin?: string;
}): Promise<ResponseOutcome> {
  const { ctx, id, body } = options;
  const row = await ctx.store.findRequest(id);
  if (!row) throw new OAuthError('not_found', 'no presentation request at this response_uri');
  const consumer = ctx.consumers.get(row.consumerId);
  if (!consumer) throw new OAuthError('not_found', 'the consumer of this request is no longer hosted here');
  // Each request is answered the way it asked: at its response_uri, or by its page (Appendix A).
  if (isDcApiMode(row.responseMode) !== (options.dcApiOrigin !== undefined)) {
    throw new OAuthError(
      'invalid_request',
      isDcApiMode(row.responseMode)
        ? 'this request is answered through the Digital Credentials API, by the page that asked'
        : 'this request is answered at its response_uri, not through the Digital Credentials API',
    );
  }
  // Appendix A.2: only from an origin the request names; the presentation's audience is that origin.
  if (options.dcApiOrigin !== undefined && !(row.expectedOrigins ?? []).includes(options.dcApiOrigin)) {
    throw new OAuthError(
      'invalid_request',
      `the answer comes from ${options.dcApiOrigin.slice(0, 200)}, which is not among the request's expected_origins`,
    );
  }
  const audience = options.dcApiOrigin !== undefined ? `origin:${options.dcApiOrigin}` : row.clientId;

  const params = await readResponseParameters(ctx.sealer, row, consumer, body);
  const state = checkState(params, row);
  // Checked before the request is consumed: without a trust list in force (none published, or
  // the last good one past its next_update, docs/trust-list.md) nothing can be verified, and the
  // wallet may send the same response again once the operator publishes a fresh list.
  const trustList = params.error === undefined ? await loadTrustList(ctx) : undefined;
  if (params.error === undefined && !trustList) {
    throw new OAuthError(
      'temporarily_unavailable',
      'the verifier has no current trust list to verify the presentation against: send it again later',
    );
  }
  // A named second signatory or board member declining (docs/representation.md): refused
  // before anything is consumed once the first's request no longer waits.
  const declining =
    params.error === 'access_denied' ? await secondSignatoryExpectation(ctx, row.id) : undefined;
  if (declining) await refuseLateDecline(ctx, declining);
  const now = ctx.now();
  if (!(await ctx.store.consumeRequest(row.id, state, now))) throw notConsumableError(row, now);

  const responseCode = row.redirectUri ? randomToken() : undefined;
  const redirectUri = responseCode ? `${row.redirectUri}#response_code=${responseCode}` : undefined;
  const responseCodeHash = responseCode ? hashSecret(responseCode) : undefined;

  if (params.error !== undefined) {
    const checks = walletErrorChecks({ error: params.error, errorDescription: params.errorDescription });
    await recordOutcome(ctx, row, {
      status: 'rejected',
      checks,
      error: params.error,
      errorDescription: params.errorDescription,
      responseCodeHash,
      now,
    });
    ctx.logger.info({ request: row.id, error: params.error }, 'wallet answered with an error');
    if (declining && (await declineFirstSignatory(ctx, declining))) {
      ctx.logger.info({ request: declining.row.firstRequestId }, 'first signatory refused: declined');
    }
    await settleCaseAsk(ctx, row.id, undefined);
    return { status: 'rejected', checks, redirectUri, walletError: params.error };
  }

  const result = await verifyAndRecord({ ctx, row, params, trustList, now, audience });
  ctx.metrics.recordChecks(result.checks);
  const failed = result.checks.filter((c) => !c.passed);
  await recordOutcome(ctx, row, {
    status: result.verified ? (result.pending ?? 'verified') : 'rejected',
    checks: result.checks,
    claims: result.claims,
    claimsExpireAt: now + ctx.settings.claimRetention,
    responseCodeHash,
    ...(result.verified
      ? {}
      : { error: 'invalid_presentation', errorDescription: describeFailedChecks(result.checks) }),
    now,
  });
  ctx.logger.info(
    {
      request: row.id,
      consumer: row.consumerId,
      verified: result.verified,
      failed: failed.map((c) => c.name),
    },
    'presentation response processed',
  );
  await settleCaseAsk(ctx, row.id, result.verified ? params : undefined);
  if (!result.verified) return { status: 'rejected', checks: result.checks, redirectUri };
  const consentRecord = await consentRecordFor(ctx, row, result.claims, params, now);
  return { status: 'verified', redirectUri, ...(consentRecord ? { consentRecord } : {}) };
}

/**
 * The consent record for a verified share (docs/consent-records.md). The share stands without
 * it: a failure here is logged (ids only) and the wallet gets no record.
 */
async function consentRecordFor(
  ctx: VerifierContext,
  row: PresentationRequestRow,
  claims: VerifiedClaims | undefined,
  params: ResponseParameters,
  now: number,
): Promise<IssuedConsentRecord | undefined> {
  if (!claims) return undefined;
  const standingPermissionId =
    row.standingPermission && params.standingPermissionId !== undefined
      ? params.standingPermissionId
      : undefined;
  try {
    return await issueConsentRecord(
      ctx,
      {
        consumerId: row.consumerId,
        clientId: row.clientId,
        nonce: row.nonce,
        purpose: row.purpose,
        template: row.template,
        callbackUrl: row.callbackUrl,
        presentationRequestId: row.id,
        fields: receivedFields(claims),
        ...(standingPermissionId ? { standingPermissionId } : {}),
      },
      now,
    );
  } catch (err) {
    ctx.logger.error(
      { request: row.id, err: err instanceof Error ? err.name : 'error' },
      'consent record could not be issued',
    );
    return undefined;
  }
}

/**
 * Verifies the `vp_token` and records what a verified one grants: an approval's evidence and
 * receipt (issue 6, §8.4), a standing permission (docs/standing-permissions.md "Granting").
 * A step that throws ends the (already consumed) request as rejected.
 */
async function verifyAndRecord(args: {
  ctx: VerifierContext;
  row: PresentationRequestRow;
  params: ResponseParameters;
  trustList: Awaited<ReturnType<typeof loadTrustList>>;
  now: number;
  /** The presentations' expected audience: the client_id, or `origin:<origin>` (DC API). */
  audience: string;
}) {
  const { ctx, row, params, now } = args;
  const approval = await ctx.approvals.findApproval(row.id);
  const transactionData = transactionDataExpectation(approval);
  const failure = (checks: CheckResult[], detail: string) => ({ request: row, checks, detail, now });
  let result = await orRecordFailure(ctx, failure([], 'the verifier could not complete the checks'), () =>
    verifyVpToken({
      vpToken: params.vpToken,
      dcqlQuery: row.dcqlQuery as unknown as ParsedDcqlQuery,
      trustList: args.trustList,
      expected: {
        nonce: row.nonce,
        clientId: args.audience,
        now,
        clockSkew: ctx.settings.clockSkew,
        keyBindingMaxAge: ctx.settings.keyBindingMaxAge,
        maxPresentationBytes: ctx.settings.maxPresentationBytes,
        maxPresentationsPerQuery: ctx.settings.maxPresentationsPerQuery,
        trustListUri: ctx.settings.trustListUri,
        allowInsecureUrls: ctx.allowInsecureUrls,
        // The consumer's profile now, not when the request was made: a switch to HAIP applies at once.
        keyBindingWhenBound: requiresKeyBindingWhenBound(ctx.consumers.get(row.consumerId)!.profile),
        ...(transactionData ? { transactionData } : {}),
      },
      statusLists: ctx.statusLists,
      fetch: ctx.fetch,
    }),
  );
  // Två i förening: is this the second signatory's approval request? (docs/representation.md)
  const second = approval ? await secondSignatoryExpectation(ctx, row.id) : undefined;
  result = checkRepresentation(result, {
    dcqlQuery: row.dcqlQuery as unknown as ParsedDcqlQuery,
    bodyOrgNumber: ctx.consumers.get(row.consumerId)!.config.controller.orgNumber,
    purposeCode: row.template,
    now,
    ...(second ? { secondSignatory: second } : {}),
  });
  if (approval) result = requireTransactionData(result);
  if (!result.verified) return result;
  const { checks, claims } = result;
  if (approval) {
    await orRecordFailure(ctx, failure(checks, 'the approval could not be recorded'), () =>
      recordApproval({ ctx, approval, vpToken: params.vpToken, claims: claims!, now }),
    );
  }
  if (second) {
    await orRecordFailure(ctx, failure(checks, "the first signatory's request could not be completed"), () =>
      completeFirstSignatory(ctx, second, now),
    );
  }
  if (row.standingPermission && params.standingPermissionId !== undefined) {
    const permissionId = params.standingPermissionId;
    // Its granted event is queued with the permission, in recordGrant's own transaction.
    await orRecordFailure(ctx, failure(checks, 'the standing permission could not be recorded'), () =>
      recordGrant({
        ctx,
        row,
        permissionId,
        claims: claims!,
        meta: result.presentationMeta ?? {},
        now,
        ...(result.subject ? { subject: result.subject } : {}),
      }),
    );
  }
  return result;
}
