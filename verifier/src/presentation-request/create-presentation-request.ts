import { randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { browserSafeUrl } from '@min-profil/shared/net/browser-url';
import { claimsBeyondRegistration, findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import { loadTrustList } from '../util/load-trust-list.js';
import { randomToken } from '@min-profil/shared/secrets';
import { openid4vpUrl, presentationEndpoints, walletPresentUrl } from './endpoints.js';
import { parseDcqlQuery, requestedTypesAndClaims } from './parse-dcql-query.js';
import { buildTemplateQuery, findTemplate } from './resolve-template.js';
import { resolveStandingPermissionAsk } from '../standing-permissions/resolve-standing-permission-ask.js';
import { acceptsStandingPermissions, type PresentationTemplate } from '../consumers/consumer-config.js';
import { checkCallbackTarget } from '../webhook/check-callback-target.js';
import { currentClientIdentity } from '../consumers/client-identifier.js';
import { isEncryptedMode } from '../response/response-modes.js';
import { responseModeFor } from '../consumers/consumer-profile.js';
import { createRequestEncryptionKey } from '../response/request-encryption-key.js';
import type { CreatePresentationRequest } from './z-create-presentation-request.js';
import { recordCaseAsk } from '../cases/ask-case.js';
import type { CaseRow } from '../cases/case-entities.js';

export interface CreatedPresentationRequest {
  row: PresentationRequestRow;
  requestUri: string;
  openid4vpUrl: string;
  walletUrl: string;
  /** The QR code of `openid4vpUrl`, drawn on request (`renderQrSvg`). */
  qrCodeUri: string;
  /** The case asked to be opened with the answer (docs/cases.md), if any. */
  caseRow?: CaseRow;
}

/**
 * Creates a presentation request for a consumer: the DCQL query (given, or built from a
 * template), a fresh nonce and state, and the flag of anything asked beyond what the trust
 * list registers the consumer for (still created; the wallet warns the person).
 */
export async function createPresentationRequest(options: {
  ctx: VerifierContext;
  consumer: ConsumerRuntime;
  request: CreatePresentationRequest;
  /** For the demo pages: the same-device redirect back to the page, which needs the new id. */
  redirectUriFor?: (id: string) => string;
  /** For the demo pages: the page session the request is bound to (page-session.ts). */
  pageSession?: string;
  /** How long it can be answered, when not the usual `requestTtl` (a case's information request). */
  ttlSeconds?: number;
}): Promise<CreatedPresentationRequest> {
  const { ctx, consumer, request } = options;
  const responseMode = responseModeFor(consumer.profile, request.response_mode);
  checkUrl(ctx, request.callback_url, 'callback_url');
  // The wallet sends the person's browser there: https only (http on loopback for the demo).
  if (
    request.redirect_uri !== undefined &&
    !browserSafeUrl(request.redirect_uri, { allowInsecureUrls: ctx.allowInsecureUrls })
  ) {
    throw new OAuthError(
      'invalid_request',
      ctx.allowInsecureUrls
        ? 'redirect_uri must be an https URL (or http on loopback)'
        : 'redirect_uri must be an https URL',
    );
  }
  const expectedOrigins = request.expected_origins?.map((origin) => {
    // An origin is scheme, host and port; https only (http on loopback for the demo).
    const parsed = new URL(origin);
    if (
      parsed.origin !== origin.replace(/\/$/, '') ||
      !browserSafeUrl(origin, { allowInsecureUrls: ctx.allowInsecureUrls })
    ) {
      throw new OAuthError(
        'invalid_request',
        `expected_origins must be web origins (https://host[:port], no path): ${origin.slice(0, 100)}`,
      );
    }
    return parsed.origin;
  });
  if (request.callback_url) await checkCallbackTarget(ctx, request.callback_url);
  const trustList = await loadTrustList(ctx);

  let rawQuery: unknown = request.dcql_query;
  let purpose = request.purpose;
  let template: PresentationTemplate | undefined;
  if (request.children !== undefined && request.template === undefined) {
    throw new OAuthError(
      'invalid_request',
      'children goes with a template; a dcql_query names them in its own values',
    );
  }
  if (request.template !== undefined) {
    template = findTemplate(consumer.config, request.template);
    rawQuery = buildTemplateQuery({
      template,
      trustList,
      issuerBaseUrl: ctx.settings.issuerBaseUrl,
      ...(request.children ? { children: request.children } : {}),
    });
    purpose ??= template.purpose.sv;
  }
  const query = parseDcqlQuery(rawQuery, { trustListUri: ctx.settings.trustListUri });
  const standingPermission = resolveStandingPermissionAsk({
    query,
    template,
    option: request.standing_permission,
    consumerAccepts: acceptsStandingPermissions(consumer.config),
  });
  const identity = await currentClientIdentity(ctx, consumer);
  const registered = trustList ? findConsumer(trustList, identity.clientId) : undefined;
  const beyond = claimsBeyondRegistration(registered, requestedTypesAndClaims(query));

  const now = ctx.now();
  const id = randomUUID();
  const redirectUri = request.redirect_uri ?? options.redirectUriFor?.(id);
  const row: PresentationRequestRow = {
    id,
    consumerId: consumer.config.id,
    clientId: identity.clientId,
    nonce: randomToken(),
    state: randomToken(),
    dcqlQuery: query as unknown as Record<string, unknown>,
    template: request.template ?? null,
    purpose: purpose!,
    responseMode,
    redirectUri: redirectUri ?? null,
    callbackUrl: request.callback_url ?? null,
    beyondRegistration: beyond,
    status: 'pending',
    createdAt: now,
    expiresAt: now + (options.ttlSeconds ?? ctx.settings.requestTtl),
    respondedAt: null,
    completedAt: null,
    responseCodeHash: null,
    checks: null,
    claims: null,
    claimsExpireAt: null,
    error: null,
    errorDescription: null,
    standingPermission,
    pageSession: options.pageSession ?? null,
    // HAIP 1.0: a fresh encryption key for each encrypted (direct_post.jwt, dc_api.jwt) request.
    responseEncryptionKey: isEncryptedMode(responseMode)
      ? await createRequestEncryptionKey(ctx.sealer, consumer.config.id, id)
      : null,
    ...(expectedOrigins ? { expectedOrigins } : {}),
  };
  await ctx.store.insertRequest(row);
  const caseRow = request.case ? await recordCaseAsk(ctx, consumer.config.id, id, request.case) : undefined;
  const { requestUri, qr } = presentationEndpoints(ctx.baseUrl, id);
  const url = openid4vpUrl(identity.clientId, requestUri);
  return {
    row,
    requestUri,
    openid4vpUrl: url,
    walletUrl: walletPresentUrl(ctx.settings.walletBaseUrl, url),
    qrCodeUri: qr,
    ...(caseRow ? { caseRow } : {}),
  };
}

function checkUrl(ctx: VerifierContext, url: string | undefined, name: string): void {
  if (url === undefined || ctx.allowInsecureUrls) return;
  if (new URL(url).protocol !== 'https:') {
    throw new OAuthError('invalid_request', `${name} must be an https URL`);
  }
}
