import { z } from 'zod';
import { checkOpenApiDocument, routeCoverage } from './check-openapi-document.js';
import { buildOpenApiDocument, type DocumentSpec } from './openapi-document.js';

const zError = z.object({ error: z.string(), error_description: z.string() }).meta({ id: 'TestError' });
const zThing = z.object({ id: z.string(), size: z.number().int().min(0) }).meta({ id: 'TestThing' });

const spec = (paths: DocumentSpec['paths']): DocumentSpec => ({
  info: { title: 'test', version: '1', description: 'test' },
  baseUrl: 'http://127.0.0.1',
  securitySchemes: { key: { type: 'http', scheme: 'bearer' } },
  security: ['key'],
  errorSchema: zError,
  paths,
});

describe('buildOpenApiDocument', () => {
  it('writes the zod schemas, named ones once under components, with path and query parameters', () => {
    const document = buildOpenApiDocument(
      spec({
        '/things/{id}': {
          put: {
            summary: 'Replace a thing',
            query: z.object({ dry_run: z.boolean().optional().meta({ description: 'Only check' }) }),
            body: zThing,
            responses: {
              200: { description: 'OK', json: z.object({ thing: zThing, others: z.array(zThing) }) },
            },
            errors: { 404: 'not_found' },
          },
        },
      }),
    );
    const put = document.paths['/things/{id}']!.put!;
    expect(put.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'dry_run',
        in: 'query',
        required: false,
        description: 'Only check',
        schema: { type: 'boolean' },
      },
    ]);
    expect(put.requestBody!.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TestThing',
    });
    expect(put.responses[404].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TestError',
    });
    expect(document.components.schemas.TestThing).toMatchObject({
      type: 'object',
      required: ['id', 'size'],
      properties: { size: { type: 'integer', minimum: 0 } },
    });
    expect(put.security).toEqual([{ key: [] }]);
    expect(checkOpenApiDocument(document)).toEqual([]);
  });

  it('refuses two different schemas under one name', () => {
    const other = z.object({ name: z.string() }).meta({ id: 'TestThing' });
    expect(() =>
      buildOpenApiDocument(
        spec({
          '/a': { get: { summary: 'a', responses: { 200: { description: 'OK', json: zThing } } } },
          '/b': { get: { summary: 'b', responses: { 200: { description: 'OK', json: other } } } },
        }),
      ),
    ).toThrow('two different schemas are named TestThing');
  });
});

describe('checkOpenApiDocument', () => {
  it('names a $ref that does not resolve, an operation without responses, an undescribed path parameter', () => {
    const document = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/x/{id}': {
          get: {
            responses: {
              200: {
                description: 'OK',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } },
              },
            },
          },
          post: { responses: {} },
          delete: { security: [{ missing: [] }], responses: { 204: { description: 'Gone' } } },
        },
      },
    };
    expect(checkOpenApiDocument(document)).toEqual([
      'openapi is 3.0.3, not 3.1.x',
      'GET /x/{id}: path parameter {id} is not described',
      'POST /x/{id}: no responses',
      'POST /x/{id}: path parameter {id} is not described',
      'DELETE /x/{id}: path parameter {id} is not described',
      'DELETE /x/{id}: security scheme missing is not defined',
      '#/paths/~1x~1{id}/get/responses/200/content/application~1json/schema: $ref #/components/schemas/Nope does not resolve',
    ]);
  });

  it('lists mounted routes the document lacks, operations nothing serves, and stale exclusions', () => {
    const document = {
      paths: {
        '/x': { get: { responses: { 200: { description: 'OK' } } } },
        '/gone': { get: { responses: { 200: { description: 'OK' } } } },
      },
    };
    const coverage = routeCoverage(
      document,
      [
        { method: 'get', path: '/x' },
        { method: 'post', path: '/x' },
        { method: 'get', path: '/y' },
        { method: 'get', path: '/pages/about' },
        { method: 'get', path: '/pagesx' },
      ],
      ['/pages', '/old/'],
    );
    expect(coverage.undocumented).toEqual([
      { method: 'post', path: '/x' },
      { method: 'get', path: '/y' },
      { method: 'get', path: '/pagesx' },
    ]);
    expect(coverage.notMounted).toEqual(['get /gone']);
    expect(coverage.unusedExclusions).toEqual(['/old/']);
  });
});
