import { checkOpenApiDocument, routeCoverage } from '@min-profil/shared/openapi/check-openapi-document';
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

  it('describes every API route the app mounts, and nothing it does not', () => {
    // Not API, so not in the document: the consumers' demo pages (`/{consumer}…`, HTML, on
    // only with VERIFIER_DEMO_PAGES=1) and their script.
    const notApi = [...[...verifier.ctx.consumers.keys()].map((id) => `/${id}`), '/assets/'];
    const coverage = routeCoverage(document, mountedRoutes(verifier.app), notApi);
    // The walk sees the routers: the API and the OpenID4VP endpoints are there.
    expect(coverage.api).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/api/presentation-requests' },
        { method: 'get', path: '/api/presentation-requests/{id}' },
        { method: 'post', path: '/openid4vp/responses/{id}' },
        { method: 'post', path: '/consumers/{consumerId}/standing-permissions/updates' },
      ]),
    );
    expect(coverage.undocumented).toEqual([]);
    expect(coverage.notMounted).toEqual([]);
    expect(coverage.unusedExclusions).toEqual([]);
  });

  it('is structurally valid OpenAPI 3.1: every $ref resolves, every operation has responses', () => {
    expect(checkOpenApiDocument(document)).toEqual([]);
    expect(document.servers).toEqual([{ url: verifier.baseUrl }]);
  });
});
