import { OAuthError } from '@min-profil/shared/errors';
import {
  hashDocument,
  parseTransactionData,
  TransactionDataError,
} from '@min-profil/shared/openid4vp/transaction-data';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { open, seal } from '../crypto/data-keys.js';
import { assertFetchableUrl, FetchFailure } from '../http/safe-fetch.js';
import type { AccountRow } from '../persistence/entities.js';
import { extractPdfText, PdfTooLarge } from './pdf-text.js';
import type { StoredTransactionData } from './z-stored-presentation-request.js';

/** Why the wallet refuses a request's transaction data: a stable name for the app and the tests. */
export type TransactionDataRefusal =
  | TransactionDataError['reason']
  | 'document_unavailable'
  | 'document_media_type_mismatch'
  | 'document_hash_mismatch'
  | 'document_too_large'
  | 'holder_binding_not_required';

export function refuseTransactionData(reason: TransactionDataRefusal, description: string): OAuthError {
  // OpenID4VP 1.0 §8.5: invalid_transaction_data.
  return new OAuthError('invalid_transaction_data', description, { extra: { reason } });
}

const documentAad = (requestId: string, index: number) => `approval-document:${requestId}:${index}`;

/**
 * OpenID4VP 1.0 §8.4: the wallet processes `transaction_data` only when it knows every type;
 * otherwise it must refuse. For each document approval: fetch the document from
 * `document_uri`, refuse unless its bytes hash to `document_hash`, keep it sealed.
 */
export async function prepareTransactionData(options: {
  ctx: WalletContext;
  account: AccountRow;
  requestId: string;
  transactionData: unknown;
  credentialQueryIds: string[];
  /** Credential queries with `require_cryptographic_holder_binding: false`. */
  unboundQueryIds: string[];
}): Promise<StoredTransactionData[]> {
  const { ctx, account, requestId } = options;
  let parsed;
  try {
    parsed = parseTransactionData({
      transactionData: options.transactionData,
      credentialQueryIds: options.credentialQueryIds,
    });
  } catch (error) {
    if (error instanceof TransactionDataError) throw refuseTransactionData(error.reason, error.message);
    throw error;
  }
  // OpenID4VP 1.0 B.3.3: transaction data is answered inside the KB-JWT (`transaction_data_hashes`),
  // so it cannot be asked of a credential query that does not require holder binding.
  for (const [index, { value }] of parsed.entries()) {
    const unbound = value.credential_ids.filter((id) => options.unboundQueryIds.includes(id));
    if (unbound.length > 0) {
      throw refuseTransactionData(
        'holder_binding_not_required',
        `transaction_data[${index}] names credential queries without holder binding: ${unbound.join(', ').slice(0, 200)}`,
      );
    }
  }
  const dataKey = dataKeyOf(ctx, account);
  const stored: StoredTransactionData[] = [];
  for (const [index, { raw, value }] of parsed.entries()) {
    let bytes: Buffer;
    let contentType: string;
    try {
      const url = assertFetchableUrl(value.document_uri, ctx.allowInsecureUrls, 'document_uri');
      const response = await ctx.fetch(url, { headers: { accept: value.media_type } });
      if (!response.ok) throw new FetchFailure(`HTTP ${response.status}`, 'network');
      contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (error instanceof OAuthError && error.code !== 'invalid_request') throw error;
      throw refuseTransactionData(
        'document_unavailable',
        `the document to approve could not be fetched: ${(error as Error).message.slice(0, 200)}`,
      );
    }
    if (contentType !== value.media_type) {
      throw refuseTransactionData(
        'document_media_type_mismatch',
        `the document is served as ${contentType.slice(0, 80) || 'nothing'}, not ${value.media_type}`,
      );
    }
    if (hashDocument(bytes) !== value.document_hash) {
      throw refuseTransactionData(
        'document_hash_mismatch',
        'the document does not match the hash in the request: it is not the document the asker signed for',
      );
    }
    if (value.media_type === 'application/pdf') {
      // The person reads the text beside the document: a PDF whose streams would inflate past
      // the budget (a decompression bomb) is refused here, before anything is kept.
      try {
        extractPdfText(bytes);
      } catch (error) {
        if (!(error instanceof PdfTooLarge)) throw error;
        throw refuseTransactionData('document_too_large', `the document cannot be shown: ${error.message}`);
      }
    }
    if (value.media_type === 'application/json') {
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        throw refuseTransactionData('document_media_type_mismatch', 'the JSON document is not JSON');
      }
    }
    stored.push({ raw, value, sealedDocument: seal(dataKey, documentAad(requestId, index), bytes) });
  }
  return stored;
}

/** The document of entry `index`, decrypted. */
export function openTransactionDocument(
  ctx: WalletContext,
  account: AccountRow,
  requestId: string,
  index: number,
  entry: StoredTransactionData,
): Buffer {
  return open(dataKeyOf(ctx, account), documentAad(requestId, index), entry.sealedDocument);
}
