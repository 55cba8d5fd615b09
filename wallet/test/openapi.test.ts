import { checkOpenApiDocument, routeCoverage } from '@min-profil/shared/openapi/check-openapi-document';
import { mountedRoutes } from '@min-profil/shared/openapi/mounted-routes';
import { startWallet, type RunningWallet } from './start-wallet.js';

/**
 * Not API, so not in the document — each a path prefix, or the exact text of a RegExp route:
 * - the web app's page fallback: every GET outside /api/, /auth/, /oid4vci/ and /health is the
 *   single-page app (wallet/src/http/web-app.ts);
 * - the demo outbox page and the JSON it reads (demo wallets only: where "sent" codes are read).
 */
const notApi = ['RegExp /^\\/(?!api\\/|auth\\/|oid4vci\\/|health$).*/', '/demo/'];

/**
 * The served OpenAPI document describes every API route the app mounts, and holds together as
 * OpenAPI 3.1. The document does not depend on the database, so SQLite alone.
 */
describe('the wallet OpenAPI document', () => {
  let wallet: RunningWallet;
  let document: Record<string, any>;
  beforeAll(async () => {
    wallet = await startWallet('sqlite', {
      trustList: { get: async () => Promise.reject(new Error('no trust list in this test')) },
    });
    const response = await fetch(`${wallet.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Record<string, any>;
  });
  afterAll(async () => {
    await wallet?.stop();
  });

  it('describes every API route the app mounts, and nothing it does not', () => {
    const coverage = routeCoverage(document, mountedRoutes(wallet.app), notApi);
    expect(coverage.api).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/api/credential-offers/{id}/accept' },
        { method: 'post', path: '/api/holders/{issuerId}/fetch' },
        { method: 'get', path: '/oid4vci/start/{token}' },
      ]),
    );
    expect(coverage.undocumented).toEqual([]);
    expect(coverage.notMounted).toEqual([]);
    expect(coverage.unusedExclusions).toEqual([]);
  });

  it('is structurally valid OpenAPI 3.1: every $ref resolves, every operation has responses', () => {
    expect(checkOpenApiDocument(document)).toEqual([]);
    expect(document.servers).toEqual([{ url: wallet.baseUrl }]);
  });
});
