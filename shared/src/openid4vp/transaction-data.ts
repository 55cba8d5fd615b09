import { createHash } from 'node:crypto';
import {
  DOCUMENT_APPROVAL_TYPE,
  zDocumentApproval,
  zTransactionDataCommon,
  type DocumentApproval,
} from './z-transaction-data.js';

/** Why a `transaction_data` entry is refused (each maps to OpenID4VP 1.0 `invalid_transaction_data`). */
export type TransactionDataErrorReason =
  | 'malformed_transaction_data'
  | 'unknown_transaction_data_type'
  | 'invalid_document_approval'
  | 'unknown_credential_id';

export class TransactionDataError extends Error {
  readonly reason: TransactionDataErrorReason;
  constructor(reason: TransactionDataErrorReason, message: string) {
    super(message);
    this.name = 'TransactionDataError';
    this.reason = reason;
  }
}

/** The types this code base understands; a wallet must refuse any other (OpenID4VP 1.0 §8.4). */
export const KNOWN_TRANSACTION_DATA_TYPES: readonly string[] = [DOCUMENT_APPROVAL_TYPE];

/** base64url(JSON) of one transaction data object, as it goes in the request (§5.1). */
export function encodeTransactionData(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** SHA-256 over the exact document bytes, base64url (the `document_hash` of a document approval). */
export function hashDocument(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

export interface ParsedTransactionData {
  /** The string exactly as it came in the request: the KB-JWT hashes this. */
  raw: string;
  value: DocumentApproval;
}

/**
 * Decodes and checks the request's `transaction_data` array: every entry base64url JSON, of a
 * type we know, well formed for that type, naming only credential query ids the DCQL query has.
 */
export function parseTransactionData(options: {
  transactionData: unknown;
  credentialQueryIds: string[];
}): ParsedTransactionData[] {
  const list = options.transactionData;
  if (!Array.isArray(list) || list.length === 0 || list.length > 10) {
    throw new TransactionDataError(
      'malformed_transaction_data',
      'transaction_data must be a non-empty array of strings',
    );
  }
  return list.map((raw, index) => {
    if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]+$/.test(raw) || raw.length > 8192) {
      throw new TransactionDataError(
        'malformed_transaction_data',
        `transaction_data[${index}] is not a base64url string`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    } catch {
      throw new TransactionDataError('malformed_transaction_data', `transaction_data[${index}] is not JSON`);
    }
    const common = zTransactionDataCommon.safeParse(json);
    if (!common.success) {
      throw new TransactionDataError(
        'malformed_transaction_data',
        `transaction_data[${index}] lacks type or credential_ids`,
      );
    }
    if (!KNOWN_TRANSACTION_DATA_TYPES.includes(common.data.type)) {
      throw new TransactionDataError(
        'unknown_transaction_data_type',
        `transaction_data[${index}] has the type "${common.data.type.slice(0, 80)}", which this wallet does not support`,
      );
    }
    const parsed = zDocumentApproval.safeParse(json);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'object'))];
      throw new TransactionDataError(
        'invalid_document_approval',
        `transaction_data[${index}] is not a valid ${DOCUMENT_APPROVAL_TYPE}: ${fields.slice(0, 5).join(', ')}`,
      );
    }
    const unknownIds = parsed.data.credential_ids.filter((id) => !options.credentialQueryIds.includes(id));
    if (unknownIds.length > 0) {
      throw new TransactionDataError(
        'unknown_credential_id',
        `transaction_data[${index}] names credential queries the request does not make: ${unknownIds.join(', ')}`,
      );
    }
    return { raw, value: parsed.data };
  });
}
