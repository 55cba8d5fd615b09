/** Approve and sign: the wallet API's approval parts, merged into the OpenAPI document. */
type Schema = Record<string, unknown>;

const auth = [{ session: [] }, { personalToken: [] }];
const idParam = (name = 'id') => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: error } },
});
const documentResponse = {
  description: 'The document bytes (application/pdf or application/json), never cached',
  content: { 'application/pdf': {}, 'application/json': {} },
};

/** `transaction_data` in the request view: what the person is asked to approve. */
export const transactionDataView: Schema = {
  type: 'array',
  description:
    'Documents to approve (OpenID4VP 1.0 transaction_data of type min-profil/document-approval). The wallet fetched each from its document_uri and checked it against document_hash before showing the request; approving binds their hashes into the KB-JWT (transaction_data_hashes). A request with an unknown type or a document that does not match is refused with 400 invalid_transaction_data and a `reason` (unknown_transaction_data_type, malformed_transaction_data, invalid_document_approval, unknown_credential_id, document_unavailable, document_media_type_mismatch, document_hash_mismatch, document_too_large: a PDF whose content streams inflate past 4 MiB in all), and the verifier is told.',
  items: {
    type: 'object',
    properties: {
      type: { const: 'min-profil/document-approval' },
      title: { type: 'string' },
      media_type: { enum: ['application/pdf', 'application/json'] },
      document_hash: { type: 'string' },
      document_hash_alg: { const: 'sha-256' },
      document_verified: { const: true },
      credential_ids: { type: 'array', items: { type: 'string' } },
      document_url: { type: 'string', description: 'GET it (authenticated) for the bytes' },
      text_preview: { type: 'array', items: { type: 'string' }, description: 'PDF: the text lines found' },
      content: { description: 'JSON: the document itself' },
    },
  },
};

const approvalRecord: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    presentation_request_id: { type: 'string' },
    verifier: { type: 'object', properties: { client_id: { type: 'string' }, name: {} } },
    title: { type: 'string' },
    media_type: { type: 'string' },
    document_hash: { type: 'string' },
    approved_at: { type: 'string', format: 'date-time' },
    document_url: { type: 'string' },
    claims: {
      type: 'array',
      items: { type: 'string' },
      description: 'Detail only: claim names sent with it',
    },
    transaction_data: { type: 'string', description: 'Detail only: the entry as approved' },
  },
};

export const approvalPaths = {
  '/api/presentation-requests/{id}/documents/{index}': {
    get: {
      summary: 'A document to approve, decrypted (as fetched and checked when the request was opened)',
      security: auth,
      parameters: [idParam(), idParam('index')],
      responses: { '200': documentResponse, '404': errorResponse('not_found') },
    },
  },
  '/api/approvals': {
    get: {
      summary: 'Documents the person approved (kept encrypted), newest first',
      security: auth,
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { approvals: { type: 'array', items: approvalRecord } } },
            },
          },
        },
        '401': errorResponse('invalid_token'),
      },
    },
  },
  '/api/approvals/{id}': {
    get: {
      summary: 'One approval, with the claim names that went with it',
      security: auth,
      parameters: [idParam()],
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: approvalRecord } } },
        '404': errorResponse('not_found'),
      },
    },
  },
  '/api/approvals/{id}/document': {
    get: {
      summary: 'The approved document, decrypted',
      security: auth,
      parameters: [idParam()],
      responses: { '200': documentResponse, '404': errorResponse('not_found') },
    },
  },
};
