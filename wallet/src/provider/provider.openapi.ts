/** The wallet provider's public keys and OAuth client identity, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';

export const providerPaths: PathsSpec = {
  '/.well-known/jwks.json': {
    get: {
      summary: "The wallet provider's public keys (channel verification proofs)",
      security: [],
      responses: {
        200: { description: 'OK', json: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
  },
  '/.well-known/wallet-client': {
    get: {
      summary: "The wallet's OAuth client identity at issuers (copied into the trust list)",
      description:
        'The trust-list operator copies `client_id` and `redirect_uris` into the wallet provider entry, which makes the wallet a registered client at every holder: holders send authorization codes only to these exact redirect URIs (docs/authorization-server.md).',
      security: [],
      responses: {
        200: {
          description: 'OK',
          json: z.object({ client_id: z.string(), redirect_uris: z.array(z.url()) }),
        },
      },
    },
  },
};
