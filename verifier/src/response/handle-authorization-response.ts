import { OAuthError } from '@min-profil/shared/errors';
import { recordApproval, transactionDataExpectation } from '../approval/record-approval.js';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { CheckResult, PresentationRequestRow } from '../persistence/entities.js';
import type { ParsedDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import { loadTrustList } from '../util/load-trust-list.js';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { verifyVpToken } from '../verification/verify-vp-token.js';
import type { VerifierStore } from '../persistence/verifier-store.js';
import { enqueuePresentationWebhook } from '../webhook/deliver-webhook.js';
import { recordGrant } from '../standing-permissions/record-grant.js';
import { decryptResponse } from './decrypt-response.js';
import type { AuthorizationResponse, ResponseParameters } from './z-authorization-response.js';

export type ResponseOutcome =
  | { status: 'verified'; redirectUri?: string }
  | { status: 'rejected'; checks: CheckResult[]; redirectUri?: string; walletError?: string };

function stateError(description: string): OAuthError {
  return new OAuthError('invalid_request', description, { extra: { failed_checks: ['state'] } });
}

/**
 * The response endpoint's steps (OpenID4VP 1.0 §8.2, §8.3): read the parameters (decrypting
 * `direct_post.jwt`), match `state`, consume the request once (conditional UPDATE: a replay to
 * any instance sharing the database loses), verify the `vp_token`, store the outcome with its webhook
 * (outbox), and answer with the redirect for a same-device flow.
 */
export async function handleAuthorizationResponse(options: {
  ctx: VerifierContext;
  id: string;
  body: AuthorizationResponse;
}): Promise<ResponseOutcome> {
  const { ctx, id, body } = options;
  const row = await ctx.store.findRequest(id);
  if (!row) throw new OAuthError('not_found', 'no presentation request at this response_uri');
  const consumer = ctx.consumers.get(row.consumerId);
  if (!consumer) throw new OAuthError('not_found', 'the consumer of this request is no longer hosted here');

  const params = await readParameters(row, consumer, body);
  if (params.state === undefined) throw stateError('state is missing');
  if (params.state !== row.state) throw stateError('state does not belong to this request');
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
  const now = ctx.now();
  if (!(await ctx.store.consumeRequest(row.id, params.state, now))) {
    if (row.respondedAt === null && row.expiresAt <= now)
      throw stateError('the presentation request has expired');
    throw stateError('the presentation request was already answered (state is single use)');
  }

  const responseCode = row.redirectUri ? randomToken() : undefined;
  const redirectUri = responseCode ? `${row.redirectUri}#response_code=${responseCode}` : undefined;
  const responseCodeHash = responseCode ? hashSecret(responseCode) : undefined;

  if (params.error !== undefined) {
    // OpenID4VP 1.0 §8.5: the wallet declined or failed; the request ends with its reason.
    const checks: CheckResult[] = [
      {
        name: 'wallet_response',
        passed: false,
        detail: `${params.error}${params.errorDescription ? `: ${params.errorDescription}` : ''}`,
      },
    ];
    await completeRequest(ctx, row.id, {
      status: 'rejected',
      checks,
      error: params.error,
      errorDescription: params.errorDescription,
      responseCodeHash,
      now,
    });
    ctx.logger.info({ request: row.id, error: params.error }, 'wallet answered with an error');
    return { status: 'rejected', checks, redirectUri, walletError: params.error };
  }

  // Issue 6: an approval request's presentations must hash its transaction data (§8.4).
  const approval = await ctx.approvals.findApproval(row.id);
  const transactionData = transactionDataExpectation(approval);
  let result: Awaited<ReturnType<typeof verifyVpToken>>;
  try {
    result = await verifyVpToken({
      vpToken: params.vpToken,
      dcqlQuery: row.dcqlQuery as unknown as ParsedDcqlQuery,
      trustList,
      expected: {
        nonce: row.nonce,
        clientId: row.clientId,
        now,
        clockSkew: ctx.settings.clockSkew,
        keyBindingMaxAge: ctx.settings.keyBindingMaxAge,
        maxPresentationBytes: ctx.settings.maxPresentationBytes,
        maxPresentationsPerQuery: ctx.settings.maxPresentationsPerQuery,
        trustListUri: ctx.settings.trustListUri,
        allowInsecureUrls: ctx.allowInsecureUrls,
        ...(transactionData ? { transactionData } : {}),
      },
      statusLists: ctx.statusLists,
      fetch: ctx.fetch,
    });
  } catch (err) {
    // The request is consumed: record the failure rather than leave it pending for ever.
    await completeRequest(ctx, row.id, {
      status: 'rejected',
      checks: [
        { name: 'verification_error', passed: false, detail: 'the verifier could not complete the checks' },
      ],
      error: 'server_error',
      errorDescription: 'the verifier could not complete the checks',
      now,
    });
    throw err;
  }
  // §8.4: an approval counts only if some presentation carried its transaction data.
  if (approval && result.verified && !result.checks.some((c) => c.name === 'transaction_data' && c.passed)) {
    result = {
      verified: false,
      checks: [
        ...result.checks,
        { name: 'transaction_data', passed: false, detail: 'no presentation carried the transaction data' },
      ],
    };
  }
  const failed = result.checks.filter((c) => !c.passed);
  if (approval && result.verified) {
    try {
      await recordApproval({ ctx, approval, vpToken: params.vpToken, claims: result.claims!, now });
    } catch (err) {
      // Without its evidence and receipt an approval is not verified: record the failure.
      await completeRequest(ctx, row.id, {
        status: 'rejected',
        checks: [
          ...result.checks,
          { name: 'verification_error', passed: false, detail: 'the approval could not be recorded' },
        ],
        error: 'server_error',
        errorDescription: 'the approval could not be recorded',
        now,
      });
      throw err;
    }
  }
  // docs/standing-permissions.md "Granting": a verified response naming an id grants the permission.
  if (result.verified && row.standingPermission && params.standingPermissionId !== undefined) {
    try {
      // Its granted event is queued with the permission, in recordGrant's own transaction.
      await recordGrant({
        ctx,
        row,
        permissionId: params.standingPermissionId,
        claims: result.claims!,
        meta: result.presentationMeta ?? {},
        now,
      });
    } catch (err) {
      await completeRequest(ctx, row.id, {
        status: 'rejected',
        checks: [
          ...result.checks,
          {
            name: 'verification_error',
            passed: false,
            detail: 'the standing permission could not be recorded',
          },
        ],
        error: 'server_error',
        errorDescription: 'the standing permission could not be recorded',
        now,
      });
      throw err;
    }
  }
  await completeRequest(ctx, row.id, {
    status: result.verified ? 'verified' : 'rejected',
    checks: result.checks,
    claims: result.claims,
    claimsExpireAt: now + ctx.settings.claimRetention,
    responseCodeHash,
    ...(result.verified
      ? {}
      : {
          error: 'invalid_presentation',
          errorDescription: failed.map((c) => `${c.name}: ${c.detail}`).join('; '),
        }),
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
  return result.verified
    ? { status: 'verified', redirectUri }
    : { status: 'rejected', checks: result.checks, redirectUri };
}

/**
 * Records the outcome and queues its webhook in one transaction (a crash keeps both or
 * neither), then wakes the worker once the row is committed and visible to it.
 */
async function completeRequest(
  ctx: VerifierContext,
  id: string,
  outcome: Parameters<VerifierStore['completeRequest']>[1],
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await ctx.store.completeRequest(id, outcome, tx);
    await enqueuePresentationWebhook(ctx, id, tx);
  });
  ctx.webhooks.kick();
}

async function readParameters(
  row: PresentationRequestRow,
  consumer: ConsumerRuntime,
  body: AuthorizationResponse,
): Promise<ResponseParameters> {
  if (row.responseMode === 'direct_post.jwt') {
    // OpenID4VP 1.0 §8.3: with direct_post.jwt everything comes inside `response`.
    if (body.response === undefined) {
      throw new OAuthError(
        'invalid_request',
        'this request uses direct_post.jwt: send the parameters in `response`',
        {
          extra: { failed_checks: ['response_encryption'] },
        },
      );
    }
    return decryptResponse({ consumer, jwe: body.response });
  }
  if (body.response !== undefined) {
    throw new OAuthError('invalid_request', 'this request uses direct_post: `response` is not expected');
  }
  return {
    vpToken: body.vp_token,
    state: body.state,
    error: body.error,
    errorDescription: body.error_description,
    standingPermissionId: body.standing_permission_id,
  };
}
