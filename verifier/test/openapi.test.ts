import { checkOpenApiDocument, undocumentedRoutes } from '@min-profil/shared/openapi/check-openapi-document';
import { mountedRoutes } from '@min-profil/shared/openapi/mounted-routes';
import { createMutableTrustList, startVerifier, type RunningVerifier } from './start-verifier.js';

/**
 * The served OpenAPI document describes every API route the app mounts, and holds together as
 * OpenAPI 3.1. The document does not depend on the database, so SQLite alone.
 */
describe('the verifier OpenAPI document', () => {
  let verifier: RunningVerifier;
  let document: Record<string, any>;
  beforeAll(async () => {
    // Demo pages on, so the allow-list below is exercised too.
    verifier = await startVerifier('sqlite', {
      trustList: createMutableTrustList(),
      settings: { demoPages: true, webhookPollMs: 0 },
    });
    const response = await fetch(`${verifier.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Record<string, any>;
  });
  afterAll(async () => {
    await verifier?.stop();
  });

  /**
   * Not API, so not in the document: the consumers' demo pages (`/{consumer}…`, HTML, on only
   * with VERIFIER_DEMO_PAGES=1) and their script. Everything else the app mounts must be described.
   */
  const notApi = () => [...[...verifier.ctx.consumers.keys()].map((id) => `/${id}`), '/assets/'];
  const isApi = (path: string) =>
    !notApi().some(
      (prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
    );

  it('describes every API route the app mounts', () => {
    const routes = mountedRoutes(verifier.app).filter((route) => isApi(route.path));
    // The walk sees the routers: the API and the OpenID4VP endpoints are there.
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/api/presentation-requests' },
        { method: 'get', path: '/api/presentation-requests/{id}' },
        { method: 'post', path: '/openid4vp/responses/{id}' },
        { method: 'post', path: '/consumers/{consumerId}/standing-permissions/updates' },
      ]),
    );
    expect(undocumentedRoutes(document, routes)).toEqual([]);
    // And it describes nothing that is not mounted.
    const mounted = new Set(routes.map((route) => `${route.method} ${route.path}`));
    const described = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method} ${path}`),
    );
    expect(described.filter((operation) => !mounted.has(operation))).toEqual([]);
  });

  it('is structurally valid OpenAPI 3.1: every $ref resolves, every operation has responses', () => {
    expect(checkOpenApiDocument(document)).toEqual([]);
    expect(document.servers).toEqual([{ url: verifier.baseUrl }]);
  });
});
