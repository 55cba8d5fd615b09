import type { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { recordEvent } from '../log/record-event.js';
import type { AccountRow } from '../persistence/entities.js';
import type { StoredPresentationRequest } from './resolve-presentation-request.js';
import { postToVerifier } from './post-to-verifier.js';

/**
 * The wallet cannot process the request's transaction data (unknown type, malformed, document
 * not matching its hash): it tells the verifier with `error=invalid_transaction_data`
 * (OpenID4VP 1.0 §8.5) where it has a response_uri — best effort, the person is told either way — and logs the refusal.
 */
export async function refuseRequestWithTransactionData(options: {
  ctx: WalletContext;
  account: AccountRow;
  payload: Record<string, unknown>;
  responseMode: StoredPresentationRequest['responseMode'];
  /** Absent for the Digital Credentials API, where the refusal goes back through the page. */
  responseUri: string | undefined;
  client: StoredPresentationRequest['client'];
  consumerName: Record<string, string> | null;
  error: OAuthError;
}): Promise<void> {
  const { ctx, payload, error } = options;
  const reason = String(error.extra.reason ?? 'invalid_transaction_data');
  const responseUri = options.responseUri;
  try {
    if (responseUri !== undefined)
      await postToVerifier(
        ctx,
        {
          payload,
          client: options.client,
          responseMode: options.responseMode,
          responseUri,
        },
        { error: 'invalid_transaction_data', error_description: `${reason}: ${error.message}`.slice(0, 300) },
      );
  } catch (postError) {
    ctx.logger.warn({ err: (postError as Error).message }, 'could not tell the verifier of the refusal');
  }
  await recordEvent(ctx, {
    accountId: options.account.id,
    event: 'refusal',
    counterparty: options.client.effective,
    counterpartyName: options.consumerName,
    outcome: `refused by the wallet: ${reason}`,
  });
}
