import {
  encodeTransactionData,
  hashDocument,
  parseTransactionData,
  TransactionDataError,
} from './transaction-data.js';
import { DOCUMENT_APPROVAL_TYPE } from './z-transaction-data.js';

const approval = {
  type: DOCUMENT_APPROVAL_TYPE,
  credential_ids: ['registered_address'],
  request_id: 'r-1',
  title: 'Praktikavtal',
  media_type: 'application/pdf',
  document_uri: 'https://verifier.example/openid4vp/documents/abc',
  document_hash: hashDocument(Buffer.from('%PDF-1.4')),
  document_hash_alg: 'sha-256',
};

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TransactionDataError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('transaction_data (OpenID4VP 1.0 §5.1, §8.4)', () => {
  it('decodes a document approval and keeps the raw string the KB-JWT hashes', () => {
    const raw = encodeTransactionData(approval);
    const [parsed] = parseTransactionData({
      transactionData: [raw],
      credentialQueryIds: ['registered_address'],
    });
    expect(parsed!.raw).toBe(raw);
    expect(parsed!.value.title).toBe('Praktikavtal');
  });

  it('refuses a type it does not know', () => {
    const raw = encodeTransactionData({ type: 'payment', credential_ids: ['registered_address'] });
    expect(
      reasonOf(() =>
        parseTransactionData({ transactionData: [raw], credentialQueryIds: ['registered_address'] }),
      ),
    ).toBe('unknown_transaction_data_type');
  });

  it('refuses unknown members, missing members and credential ids the query lacks', () => {
    const ids = ['registered_address'];
    expect(
      reasonOf(() =>
        parseTransactionData({
          transactionData: [encodeTransactionData({ ...approval, extra: 1 })],
          credentialQueryIds: ids,
        }),
      ),
    ).toBe('invalid_document_approval');
    const { document_hash: _hash, ...noHash } = approval;
    expect(
      reasonOf(() =>
        parseTransactionData({ transactionData: [encodeTransactionData(noHash)], credentialQueryIds: ids }),
      ),
    ).toBe('invalid_document_approval');
    expect(
      reasonOf(() =>
        parseTransactionData({
          transactionData: [encodeTransactionData({ ...approval, credential_ids: ['x'] })],
          credentialQueryIds: ids,
        }),
      ),
    ).toBe('unknown_credential_id');
    expect(
      reasonOf(() => parseTransactionData({ transactionData: ['not json!'], credentialQueryIds: ids })),
    ).toBe('malformed_transaction_data');
    expect(reasonOf(() => parseTransactionData({ transactionData: [], credentialQueryIds: ids }))).toBe(
      'malformed_transaction_data',
    );
  });
});
