import { checkOpenApiDocument, undocumentedRoutes } from '@min-profil/shared/openapi/check-openapi-document';
import { mountedRoutes } from '@min-profil/shared/openapi/mounted-routes';
import { startWallet, type RunningWallet } from './start-wallet.js';

/**
 * Not API, so not in the document — each a path prefix, or the exact source of a RegExp route:
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
    const all = mountedRoutes(wallet.app);
    const routes = all.filter((route) => !notApi.some((prefix) => route.path.startsWith(prefix)));
    // Each allow-list entry still names something mounted (a stale one would hide nothing).
    for (const prefix of notApi) expect(all.some((route) => route.path.startsWith(prefix))).toBe(true);
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/api/credential-offers/{id}/accept' },
        { method: 'post', path: '/api/holders/{issuerId}/fetch' },
        { method: 'get', path: '/oid4vci/start/{token}' },
      ]),
    );
    expect(undocumentedRoutes(document, routes)).toEqual([]);
    const mounted = new Set(routes.map((route) => `${route.method} ${route.path}`));
    const described = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method} ${path}`),
    );
    expect(described.filter((operation) => !mounted.has(operation))).toEqual([]);
  });

  it('is structurally valid OpenAPI 3.1: every $ref resolves, every operation has responses', () => {
    expect(checkOpenApiDocument(document)).toEqual([]);
    expect(document.servers).toEqual([{ url: wallet.baseUrl }]);
  });
});
