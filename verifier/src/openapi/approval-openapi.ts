/** Approve and sign: the approval API's part of the OpenAPI document. */
export function approvalOpenApi() {
  const error = { $ref: '#/components/schemas/Error' };
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: error } },
  });
  const receiptCheck = {
    type: 'object',
    required: ['name', 'passed'],
    properties: {
      name: {
        type: 'string',
        enum: [
          'receipt_format',
          'receipt_signer',
          'receipt_signature',
          'receipt_evidence',
          'document_hash',
          'transaction_data',
        ],
      },
      passed: { type: 'boolean' },
      detail: { type: 'string' },
    },
  };
  const schemas = {
    CreateApprovalRequest: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'document'],
      properties: {
        title: { type: 'string', maxLength: 300, description: 'What the person is asked to approve.' },
        document: {
          oneOf: [
            {
              type: 'object',
              required: ['media_type', 'content_base64'],
              properties: {
                media_type: { const: 'application/pdf' },
                content_base64: { type: 'string', description: 'The PDF, base64 (at most 384 KiB).' },
              },
            },
            {
              type: 'object',
              required: ['media_type', 'content'],
              properties: {
                media_type: { const: 'application/json' },
                content: {
                  type: 'object',
                  description: 'Served as JSON.stringify(content, null, 2), which is what is hashed.',
                },
              },
            },
          ],
        },
        dcql_query: {
          type: 'object',
          description: 'dc+sd-jwt queries only. Exactly one of dcql_query and template.',
        },
        template: {
          type: 'string',
          description: 'e.g. internship_agreement (af-praktik), claim_statement (insurer)',
        },
        purpose: { type: 'string' },
        callback_url: {
          type: 'string',
          format: 'uri',
          description:
            'As for presentation requests: a name that does not resolve, or resolves inside the network, is refused.',
        },
        include_qr_svg: { type: 'boolean', description: 'Also draw the QR code into the answer as qr_svg' },
        response_mode: { type: 'string', enum: ['direct_post', 'direct_post.jwt'], default: 'direct_post' },
        redirect_uri: {
          type: 'string',
          format: 'uri',
          description:
            'https only (http on loopback with ALLOW_INSECURE_URLS=1), as for presentation requests',
        },
      },
    },
    Approval: {
      type: 'object',
      description: 'The approval part of a result; receipt fields once approved.',
      properties: {
        title: { type: 'string' },
        media_type: { type: 'string' },
        document_uri: { type: 'string', format: 'uri' },
        document_hash: { type: 'string', description: 'SHA-256 of the document bytes, base64url' },
        document_hash_alg: { const: 'sha-256' },
        transaction_data: { type: 'string', description: 'The base64url transaction_data entry as sent' },
        approved_at: { type: 'string', format: 'date-time' },
        receipt_id: { type: 'string' },
        receipt: {
          type: 'string',
          description: 'JWS, typ approval-receipt+jwt, signed with the consumer key',
        },
        receipt_uri: { type: 'string', format: 'uri' },
      },
    },
    ReceiptCheckResult: {
      type: 'object',
      required: ['valid', 'checks'],
      properties: {
        valid: { type: 'boolean' },
        reason: { type: 'string', description: 'The first failed check' },
        checks: { type: 'array', items: receiptCheck },
        receipt: { type: 'object', description: 'The receipt claims, when valid' },
      },
    },
  };
  const paths = {
    '/api/approval-requests': {
      post: {
        summary:
          'Ask a person to approve a document: a presentation request with one min-profil/document-approval transaction_data entry (OpenID4VP 1.0 §5.1)',
        security: [{ consumerApiKey: [] }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateApprovalRequest' } } },
        },
        responses: {
          '201': {
            description: 'Created: the presentation request fields plus transaction_data and approval',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/CreatedPresentationRequest' },
                    {
                      type: 'object',
                      properties: {
                        transaction_data: { type: 'array', items: { type: 'string' } },
                        approval: { $ref: '#/components/schemas/Approval' },
                      },
                    },
                  ],
                },
              },
            },
          },
          '400': errorResponse('invalid_request'),
          '401': errorResponse('invalid_token'),
        },
      },
    },
    '/api/approval-requests/{id}': {
      get: {
        summary: 'The result of an approval request, with the receipt once approved',
        security: [{ consumerApiKey: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'The presentation result plus approval',
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/PresentationResult' },
                    { type: 'object', properties: { approval: { $ref: '#/components/schemas/Approval' } } },
                  ],
                },
              },
            },
          },
          '404': errorResponse(
            'not_found (also for another consumer’s request, and for one deleted after its retention)',
          ),
        },
      },
    },
    '/openid4vp/documents/{token}': {
      get: {
        summary:
          'document_uri: the exact bytes the document_hash covers (application/pdf or application/json)',
        responses: { '200': { description: 'The document' }, '404': errorResponse('not_found') },
      },
    },
    '/api/approval-receipts/verify': {
      post: {
        summary: 'Check a receipt (anyone holding it): signature, then against the stored evidence',
        description:
          'The evidence is kept VERIFIER_APPROVAL_RETENTION seconds after approval (default 10 years); after that the check fails at receipt_evidence.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['receipt'], properties: { receipt: { type: 'string' } } },
            },
          },
        },
        responses: {
          '200': {
            description: 'valid, or the named reason it is not',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ReceiptCheckResult' } } },
          },
          '400': errorResponse('invalid_request'),
        },
      },
    },
    '/api/approval-receipts/{id}': {
      get: {
        summary: 'A receipt by its id (jti), checked again against the stored evidence',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'receipt, valid, checks, title, document_hash, approved_at' },
          '404': errorResponse('not_found'),
        },
      },
    },
  };
  return { schemas, paths };
}
