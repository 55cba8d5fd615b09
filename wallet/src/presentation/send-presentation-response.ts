import { randomInt } from 'node:crypto';
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { browserSafeUrl, describeUrlForLog } from '@min-profil/shared/net/browser-url';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { hashTransactionData } from '@min-profil/shared/sd-jwt/verify-key-binding-jwt';
import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';
import { loadHolderKey } from '../crypto/holder-keys.js';
import type { CredentialDisplay } from '../credentials/credential-display.js';
import { openSealed } from '../credentials/describe-credential.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow, PresentationRequestRow } from '../persistence/entities.js';
import { matchCredentials, pathName, type ClaimPath, type QueryMatch } from './match-credentials.js';
import { keepApprovals } from './keep-approvals.js';
import { refuseTransactionData } from './prepare-transaction-data.js';
import type { StoredPresentationRequest } from './resolve-presentation-request.js';
import { refuseUnidentifiedRequester } from './refuse-unidentified-requester.js';
import type { PresentationResponseBody } from './z-presentation-response.js';
import { isContactProfileRow, presentContactProfile } from './contact-profile-candidate.js';
import {
  createStandingPermissionId,
  insertPermissionWithLog,
  newPermissionRow,
} from '../standing-permissions/create-standing-permission.js';
import type { EntityManager } from 'typeorm';
import { FetchFailure } from '../http/safe-fetch.js';
import { enqueueUpdates } from '../standing-permissions/enqueue-profile-deliveries.js';
import { enqueueWithdrawal, replaceEarlierPermissions } from '../standing-permissions/manage-permission.js';

const zVerifierAnswer = z.object({ redirect_uri: z.string().max(4000).optional() }).loose();

/** The part of a path that decides disclosure: a chosen claim discloses everything inside it. */
function isWithin(path: Array<string | number>, chosen: ClaimPath[]): boolean {
  return chosen.some(
    (c) => c.length <= path.length && c.every((segment, i) => segment === null || segment === path[i]),
  );
}

/**
 * Which disclosures to send for the chosen claim paths: every disclosure inside a chosen claim,
 * and, when a chosen claim has no disclosure of its own (an issuer that made only its parent
 * selectively disclosable), the nearest disclosure that contains it. Parents of chosen
 * disclosures are added by `presentSdJwtVc`.
 */
export function createDisclosure(
  compact: string,
  chosen: ClaimPath[],
): (path: Array<string | number>) => boolean {
  const paths = decodeSdJwtVc(compact).disclosures.map((d) => d.path);
  const extra: Array<Array<string | number>> = [];
  for (const c of chosen) {
    if (paths.some((p) => isWithin(p, [c]))) continue;
    const containing = paths
      .filter((p) => p.length < c.length && p.every((segment, i) => c[i] === null || c[i] === segment))
      .sort((a, b) => b.length - a.length)[0];
    if (containing) extra.push(containing);
  }
  const key = (p: Array<string | number>) => JSON.stringify(p);
  const extraKeys = new Set(extra.map(key));
  return (path) => isWithin(path, chosen) || extraKeys.has(key(path));
}

/**
 * OpenID4VP 1.0 §8.3.1: for direct_post.jwt the response is a JWE to the verifier's key from
 * `client_metadata.jwks` (ECDH-ES, `enc` from `encrypted_response_enc_values_supported`).
 */
async function encryptResponse(
  stored: StoredPresentationRequest,
  body: Record<string, unknown>,
): Promise<string> {
  const metadata = (stored.payload.client_metadata ?? {}) as Record<string, unknown>;
  const keys = ((metadata.jwks as { keys?: JWK[] } | undefined)?.keys ?? []).filter(
    (k) =>
      k.kty === 'EC' &&
      (k.use === undefined || k.use === 'enc') &&
      (k.alg === undefined || k.alg.startsWith('ECDH-ES')),
  );
  const jwk = keys[0];
  if (!jwk)
    throw new OAuthError(
      'invalid_request',
      'the verifier asks for an encrypted answer but gives no encryption key',
    );
  const encs = (metadata.encrypted_response_enc_values_supported as string[] | undefined) ?? ['A128GCM'];
  const enc = ['A128GCM', 'A256GCM'].find((e) => encs.includes(e));
  if (!enc)
    throw new OAuthError('invalid_request', 'the verifier supports no content encryption this wallet offers');
  const alg = jwk.alg ?? 'ECDH-ES';
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(body)))
    .setProtectedHeader({ alg, enc, ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .encrypt(await importJWK(jwk, alg));
}

export async function postToVerifier(
  ctx: WalletContext,
  stored: StoredPresentationRequest,
  params: Record<string, unknown>,
) {
  const state = stored.payload.state;
  const fields = { ...params, ...(typeof state === 'string' ? { state } : {}) };
  const form = new URLSearchParams();
  if (stored.responseMode === 'direct_post.jwt') {
    form.set('response', await encryptResponse(stored, fields));
  } else {
    for (const [name, value] of Object.entries(fields))
      form.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const response = await ctx.fetch(stored.responseUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  let offered: string | undefined;
  try {
    const parsed = zVerifierAnswer.safeParse(await response.json());
    if (parsed.success) offered = parsed.data.redirect_uri;
  } catch {
    // not JSON: fine, there is no redirect
  }
  // OpenID4VP 1.0 §8.2: the page sends the person on to this URL, so only https goes (http on
  // loopback for the local demo); a `javascript:` or custom-scheme URL is dropped, and the page
  // then shows its own "done" state.
  const redirectUri = browserSafeUrl(offered, { allowInsecureUrls: ctx.allowInsecureUrls });
  if (offered !== undefined && redirectUri === undefined) {
    ctx.logger.warn(
      { verifier: stored.client.effective, redirect: describeUrlForLog(offered) },
      'verifier redirect_uri dropped: not an https URL',
    );
  }
  return { status: response.status, ok: response.ok, redirectUri };
}

/** Picks, per query that will be answered, the credential and the claims the person approved. */
function planAnswer(
  stored: StoredPresentationRequest,
  matches: QueryMatch[],
  body: PresentationResponseBody,
) {
  const sets = (stored.dcql.credential_sets ?? []) as Array<{ options: string[][]; required?: boolean }>;
  const available = (id: string) => (matches.find((m) => m.queryId === id)?.candidates.length ?? 0) > 0;
  let queryIds: string[];
  if (sets.length > 0) {
    queryIds = [];
    for (const set of sets) {
      const option = set.options.find((o) => o.every(available));
      if (option) queryIds.push(...option);
      else if (set.required !== false)
        throw new OAuthError('invalid_request', 'the wallet holds no credentials that satisfy the request', {
          status: 409,
        });
    }
  } else {
    queryIds = matches.map((m) => m.queryId);
    if (!queryIds.every(available)) {
      throw new OAuthError(
        'invalid_request',
        'the wallet holds no credential for part of the request; fetch it first',
        { status: 409 },
      );
    }
  }
  return [...new Set(queryIds)].map((queryId) => {
    const match = matches.find((m) => m.queryId === queryId)!;
    const wanted = body.credentials?.[queryId];
    const candidate = wanted ? match.candidates.find((c) => c.row.id === wanted) : match.candidates[0];
    if (!candidate)
      throw new OAuthError('invalid_request', `credential ${wanted} does not answer query "${queryId}"`);
    let paths = candidate.paths;
    const approved = body.claims?.[queryId];
    if (approved !== undefined) {
      const unknown = approved.filter((name) => !paths.some((p) => pathName(p) === name));
      if (unknown.length > 0) {
        throw new OAuthError(
          'invalid_request',
          `claims not asked for in "${queryId}" cannot be added: ${unknown.slice(0, 5).join(', ')}`,
        );
      }
      paths = paths.filter((p) => approved.includes(pathName(p)));
    }
    return { queryId, row: candidate.row, paths };
  });
}

/**
 * Answers a presentation request once. Approve: one SD-JWT VC per answered DCQL query with only
 * the approved disclosures and a KB-JWT (nonce, aud = client_id, sd_hash; OpenID4VP 1.0 §B.3.6),
 * `vp_token` keyed by query id. Decline: `error=access_denied`. Either way it is logged
 * (claim names only) and the verifier's `redirect_uri`, if any, is returned.
 */
export async function sendPresentationResponse(
  ctx: WalletContext,
  account: AccountRow,
  row: PresentationRequestRow,
  body: PresentationResponseBody,
) {
  const stored = row.request as unknown as StoredPresentationRequest;
  if (row.expiresAt <= ctx.now())
    throw new OAuthError('invalid_request', 'the request has expired; ask the verifier for a new one', {
      status: 410,
    });
  const list = await ctx.trustList.get();
  const consumer = stored.verified ? findConsumer(list, stored.client.effective) : undefined;
  // Decided again here (not only when shown): a request kept from before this policy, or an API
  // client that never looked, gets no answer either. Nothing is posted to its response_uri, not
  // even a refusal: whoever wrote the link would learn that it was opened.
  const refusal = refuseUnidentifiedRequester({
    client: stored.client,
    verified: stored.verified,
    consumer,
    allowUnsigned: ctx.settings.allowUnsignedRequests,
  });
  if (refusal !== null) {
    throw new OAuthError(refusal.error, `this request is not answered: ${refusal.message.en}`, {
      extra: { reason: refusal.reason },
    });
  }
  // The registered purpose that covers the asked types (the log says why data went out).
  const askedTypes = new Set(
    ((stored.dcql.credentials ?? []) as Array<{ meta?: { vct_values?: string[] } }>).flatMap(
      (q) => q.meta?.vct_values ?? [],
    ),
  );
  const purpose =
    consumer?.registrations.find((r) => r.credentials.some((c) => askedTypes.has(c.type)))?.purpose ?? null;
  const counterpartyName = consumer?.name ?? null;

  if (body.standing === true && (body.decision !== 'approve' || !stored.standingPermission)) {
    throw new OAuthError('invalid_request', 'this request does not ask for a standing permission');
  }
  // docs/standing-permissions.md: granted only on the person's explicit choice.
  const standing =
    body.standing === true && stored.standingPermission
      ? {
          id: createStandingPermissionId(),
          queryIds: stored.standingPermission.credential_ids,
          fields: [] as string[],
          profileVersion: 0,
        }
      : undefined;
  let vpToken: Record<string, string[]> | undefined;
  let plan: ReturnType<typeof planAnswer> = [];
  if (body.decision === 'approve') {
    plan = planAnswer(stored, await matchCredentials(ctx, account, stored.dcql), body);
    const transactionData = stored.transactionData ?? [];
    // OpenID4VP 1.0 §8.4: each entry is bound through a presentation for one of its credential ids.
    for (const entry of transactionData) {
      if (!plan.some((p) => entry.value.credential_ids.includes(p.queryId))) {
        throw refuseTransactionData(
          'unknown_credential_id',
          'no presentation in this answer would carry the approval of the document',
        );
      }
    }
    vpToken = {};
    for (const item of plan) {
      const hashes = transactionData
        .filter((entry) => entry.value.credential_ids.includes(item.queryId))
        .map((entry) => hashTransactionData({ transactionData: entry.raw, alg: 'sha-256' }));
      if (isContactProfileRow(item.row)) {
        // Signed now by the profile holder key, with only the approved fields.
        const profile = await presentContactProfile(ctx, account, {
          paths: item.paths,
          nonce: stored.payload.nonce as string,
          audience: stored.client.effective,
        });
        if (standing?.queryIds.includes(item.queryId)) {
          standing.fields.push(...profile.fields);
          standing.profileVersion = profile.profileVersion;
        }
        vpToken[item.queryId] = [profile.presentation];
        continue;
      }
      const sealed = openSealed(ctx, account, item.row);
      // A random copy, so two verifiers are less likely to see the same credential.
      const copy = sealed.copies[randomInt(sealed.copies.length)]!;
      const key = await loadHolderKey(ctx.keys, copy.kmsKid);
      const presentation = await presentSdJwtVc({
        compact: copy.compact,
        disclose: createDisclosure(copy.compact, item.paths),
        keyBinding: {
          nonce: stored.payload.nonce as string,
          audience: stored.client.effective,
          issuedAt: ctx.now(),
          privateKey: key.privateKey,
          alg: 'ES256',
          ...(hashes.length > 0
            ? { transactionDataHashes: hashes, transactionDataHashesAlg: 'sha-256' }
            : {}),
        },
      });
      vpToken[item.queryId] = [presentation];
    }
  }
  // Nothing of the profile went out (an optional query left unanswered): nothing to stand on.
  const granted = standing && standing.fields.length > 0 ? standing : undefined;
  if (!(await ctx.store.markPresentationAnswered(row.id, ctx.now()))) {
    throw new OAuthError('invalid_request', 'this request has already been answered', { status: 409 });
  }
  let sent: Awaited<ReturnType<typeof postToVerifier>>;
  try {
    sent = await postToVerifier(
      ctx,
      stored,
      vpToken
        ? {
            vp_token: vpToken,
            // A form field next to vp_token, or a member of the encrypted payload.
            ...(granted ? { standing_permission_id: granted.id } : {}),
          }
        : { error: 'access_denied', error_description: 'the person declined to share' },
    );
  } catch (error) {
    // The person may try again.
    await ctx.store.unmarkPresentationAnswered(row.id);
    if (error instanceof OAuthError) throw error;
    if (granted && stored.standingPermission && !(error instanceof FetchFailure && error.reason === 'url')) {
      // Sent, but no answer (broken off, timed out): the verifier may have recorded the standing
      // permission. Keep track of it, ended at once, and tell the consumer through the outbox —
      // a withdrawal of a permission it never recorded is answered 404 and counts as done.
      const now = ctx.now();
      const lost = {
        ...newPermissionRow({
          id: granted.id,
          accountId: account.id,
          clientId: stored.client.effective,
          consumerName: counterpartyName,
          updateEndpoint: stored.standingPermission.update_endpoint,
          nonceEndpoint: stored.standingPermission.nonce_endpoint,
          fields: [...new Set(granted.fields)],
          now,
        }),
        status: 'withdrawn' as const,
        withdrawnAt: now,
        withdrawnBy: 'person' as const,
      };
      await ctx.db.transaction(async (manager) => {
        await insertPermissionWithLog(ctx, lost, manager, 'no answer to the grant: withdrawn at once');
        await enqueueWithdrawal(ctx, manager, lost, now);
      });
    }
    throw new OAuthError(
      'temporarily_unavailable',
      `the verifier could not be reached: ${(error as Error).message}`,
      { status: 502 },
    );
  }
  const approvals = stored.transactionData ?? [];
  if (body.decision === 'approve' && sent.ok && approvals.length > 0) {
    await keepApprovals({
      ctx,
      account,
      row,
      stored,
      counterpartyName,
      claims: plan.flatMap((p) => p.paths.map(pathName)),
    });
  }
  const titles = approvals.map((a) => `"${a.value.title}"`).join(', ');
  const outcome =
    approvals.length > 0
      ? body.decision === 'approve'
        ? sent.ok
          ? `approved ${titles}`
          : `approval of ${titles} refused by the verifier (HTTP ${sent.status})`
        : `declined to approve ${titles}`
      : body.decision === 'approve'
        ? sent.ok
          ? 'sent'
          : `verifier refused (HTTP ${sent.status})`
        : sent.ok
          ? 'declined'
          : `declined (verifier answered HTTP ${sent.status})`;
  const logPresentation = (manager?: EntityManager) =>
    recordEvent(
      ctx,
      {
        accountId: account.id,
        event: body.decision === 'approve' ? 'presentation' : 'refusal',
        counterparty: stored.client.effective,
        counterpartyName,
        credentialTypes:
          plan.length > 0
            ? plan.map((p) => p.row.vct ?? p.row.configurationId)
            : ((stored.dcql.credentials ?? []) as Array<{ meta?: { vct_values?: string[] } }>).flatMap(
                (q) => q.meta?.vct_values ?? [],
              ),
        claims:
          plan.length > 0
            ? plan.flatMap((p) => p.paths.map(pathName))
            : ((stored.dcql.credentials ?? []) as Array<{ claims?: Array<{ path: ClaimPath }> }>).flatMap(
                (q) => (q.claims ?? []).map((c) => pathName(c.path)),
              ),
        purpose,
        outcome: granted && sent.ok ? `${outcome}; standing permission granted` : outcome,
      },
      manager,
    );
  const permission =
    granted && sent.ok && stored.standingPermission
      ? newPermissionRow({
          id: granted.id,
          accountId: account.id,
          clientId: stored.client.effective,
          consumerName: counterpartyName,
          updateEndpoint: stored.standingPermission.update_endpoint,
          nonceEndpoint: stored.standingPermission.nonce_endpoint,
          fields: [...new Set(granted.fields)],
          now: ctx.now(),
          deliveredVersion: granted.profileVersion,
        })
      : undefined;
  if (permission) {
    // The permission and the presentation's log entry stand or fall together.
    await ctx.db.transaction(async (manager) => {
      // The profile went out at granted.profileVersion, before this permission existed, so a
      // change saved since then queued nothing for it. With the profile row locked, a save
      // either committed before (its version is seen here) or waits and then sees the permission.
      const current = await ctx.profiles.lockProfile(account.id, manager);
      await insertPermissionWithLog(ctx, permission, manager);
      await replaceEarlierPermissions(ctx, manager, permission, ctx.now());
      await logPresentation(manager);
      if (granted && current && current.profileVersion > granted.profileVersion)
        await enqueueUpdates(manager, [permission], current.profileVersion, ctx.now());
    });
  } else {
    await logPresentation();
  }
  return {
    decision: body.decision,
    delivered: sent.ok,
    verifier_status: sent.status,
    redirect_uri: sent.redirectUri ?? null,
    sent: plan.map((p) => ({
      query_id: p.queryId,
      credential_id: p.row.id,
      name: (p.row.display as unknown as CredentialDisplay).name,
      claims: p.paths.map(pathName),
    })),
    standing_permission: permission ? { id: permission.id, fields: permission.fields } : null,
  };
}
