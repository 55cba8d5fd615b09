import { randomUUID } from 'node:crypto';
import { DcqlQuery } from 'dcql';
import { OAuthError } from '@min-profil/shared/errors';
import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import { readCaseRequest } from '../cases/read-case-request.js';
import type { WalletContext } from '../context.js';
import type { AccountRow, PresentationRequestRow } from '../persistence/entities.js';
import { prepareTransactionData } from './prepare-transaction-data.js';
import { readRegistrationCertificates } from './read-registration-certificates.js';
import { readStandingPermissionRequest } from './read-standing-permission-request.js';
import { refuseRequestWithTransactionData } from './refuse-transaction-data.js';
import { splitTrustedAuthorities } from './trusted-authorities.js';
import type { StoredPresentationRequest, StoredTransactionData } from './z-stored-presentation-request.js';

/**
 * What every verified (or flagged unsigned) request goes through, however it came — by link or
 * through the Digital Credentials API: the nonce, the DCQL query (§6), the asker in the trust
 * list and its registration certificates, transaction data (§8.4), a standing permission or case
 * asked for. Stores it for the answer; nothing is stored when any of it is refused.
 */
export async function acceptPresentationRequest(
  ctx: WalletContext,
  account: AccountRow,
  options: {
    payload: Record<string, unknown>;
    client: StoredPresentationRequest['client'];
    verified: boolean;
    responseMode: StoredPresentationRequest['responseMode'];
    /** Where a direct_post answer goes; absent for the Digital Credentials API. */
    responseUri?: string;
    /** OpenID4VP 1.0 Appendix A: the origin the request came from, and its protocol. */
    dcApi?: StoredPresentationRequest['dcApi'];
  },
): Promise<PresentationRequestRow> {
  const { payload, verified, responseMode, responseUri, dcApi } = options;
  const clientInfo = options.client;
  if (typeof payload.nonce !== 'string' || payload.nonce.length === 0) {
    throw new OAuthError('invalid_request', 'the request has no nonce');
  }
  let dcqlInput = payload.dcql_query;
  if (typeof dcqlInput === 'string') {
    try {
      dcqlInput = JSON.parse(dcqlInput);
    } catch {
      throw new OAuthError('invalid_request', 'the DCQL query is not JSON');
    }
  }
  if (typeof dcqlInput !== 'object' || dcqlInput === null) {
    throw new OAuthError('invalid_request', 'the request has no DCQL query (dcql_query)');
  }
  let dcql: DcqlQuery;
  let authorities: ReturnType<typeof splitTrustedAuthorities>['authorities'];
  try {
    const split = splitTrustedAuthorities(dcqlInput as Record<string, unknown>);
    authorities = split.authorities;
    dcql = DcqlQuery.parse(split.query as DcqlQuery.Input);
    DcqlQuery.validate(dcql);
  } catch (error) {
    throw new OAuthError(
      'invalid_request',
      `the DCQL query is malformed: ${(error as Error).message.split('\n')[0]!.slice(0, 300)}`,
    );
  }
  const list = await ctx.trustList.get();
  const consumer = findConsumer(list, clientInfo.effective);
  // Before anything is stored: a false registration certificate refuses the request.
  const registrationCertificates = await readRegistrationCertificates(ctx, {
    payload,
    verified,
    clientId: clientInfo.effective,
    consumer: verified ? consumer : undefined,
    list,
  });
  const id = randomUUID();
  let transactionData: StoredTransactionData[] | undefined;
  if (payload.transaction_data !== undefined) {
    // OpenID4VP 1.0 §8.4: answer only when every entry is of a type we know and checks out;
    // otherwise refuse, tell a verifier whose signed request this is (§8.5
    // invalid_transaction_data; an unsigned request's response_uri gets nothing) and log it.
    try {
      transactionData = await prepareTransactionData({
        ctx,
        account,
        requestId: id,
        transactionData: payload.transaction_data,
        credentialQueryIds: dcql.credentials.map((c) => c.id),
        unboundQueryIds: dcql.credentials
          .filter((c) => c.require_cryptographic_holder_binding === false)
          .map((c) => c.id),
      });
    } catch (error) {
      if (verified && error instanceof OAuthError && error.code === 'invalid_transaction_data') {
        await refuseRequestWithTransactionData({
          ctx,
          account,
          payload,
          responseMode,
          responseUri,
          client: clientInfo,
          consumerName: verified ? (consumer?.name ?? null) : null,
          error,
        });
      }
      throw error;
    }
  }
  // Through the Digital Credentials API the wallet never hears whether the verifier took the
  // answer, so it neither grants a standing permission nor opens a case there (docs/cases.md):
  // both are ignored, and the share is one-off.
  const asked = dcApi
    ? null
    : readStandingPermissionRequest({
        payload,
        verified,
        dcqlCredentials: dcql.credentials as unknown as Array<{
          id: string;
          meta?: { vct_values?: string[] };
        }>,
        allowInsecureUrls: ctx.allowInsecureUrls,
      });
  // Where the trust list names the consumer's endpoints, updates go only there: a request naming
  // others is offered as a one-off share, with a warning.
  const listed = verified ? consumer?.standing_permissions : undefined;
  const standingRefused =
    asked !== null &&
    listed !== undefined &&
    (asked.update_endpoint !== listed.update_endpoint || asked.nonce_endpoint !== listed.nonce_endpoint);
  const standingPermission = standingRefused ? null : asked;
  const caseAsked = dcApi
    ? null
    : readCaseRequest({
        payload,
        verified,
        listedConsumer: consumer !== undefined,
        allowInsecureUrls: ctx.allowInsecureUrls,
      });
  const stored: StoredPresentationRequest = {
    payload,
    client: clientInfo,
    // An unsigned request is never "verified", even if its client id happens to be listed.
    verified,
    consumerId: verified && consumer ? consumer.id : null,
    // Kept with its trusted_authorities, which match-credentials.ts evaluates.
    dcql: {
      ...dcql,
      credentials: dcql.credentials.map((c) =>
        authorities.has(c.id) ? { ...c, trusted_authorities: authorities.get(c.id) } : c,
      ),
    } as unknown as Record<string, unknown>,
    responseMode,
    // No response_uri through the Digital Credentials API: the answer goes back to the browser.
    responseUri: responseUri ?? '',
    ...(dcApi ? { dcApi } : {}),
    ...(transactionData ? { transactionData } : {}),
    ...(standingPermission ? { standingPermission } : {}),
    ...(standingRefused ? { standingPermissionRefused: 'endpoints_not_listed' as const } : {}),
    ...(caseAsked ? { case: caseAsked } : {}),
    ...(registrationCertificates.length > 0 ? { registrationCertificates } : {}),
  };
  const now = ctx.now();
  const row: PresentationRequestRow = {
    id,
    accountId: account.id,
    clientId: clientInfo.effective,
    request: stored,
    createdAt: now,
    expiresAt: now + ctx.settings.presentationRequestTtl,
    answeredAt: null,
  };
  await ctx.store.insertPresentationRequest(row);
  return row;
}
