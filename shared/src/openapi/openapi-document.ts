/**
 * An OpenAPI 3.1 document built from the zod schemas the routes validate with and answer with:
 * `z.toJSONSchema` per schema, named ones (`.meta({ id })`) hoisted into `components.schemas`.
 * Each service lists its operations; this writes the document.
 */
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;
type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** A response: its description, and the schema of its JSON body or other media types. */
export interface ResponseSpec {
  description: string;
  /** The `application/json` body. */
  json?: z.ZodType;
  /** Other media types; `null` when the body has no schema (a PDF, an SVG). */
  media?: Record<string, z.ZodType | null>;
  headers?: Record<string, { description: string }>;
}

export interface OperationSpec {
  summary: string;
  description?: string;
  /** Security requirement names (`[]`: none); default the document's `security`. */
  security?: string[];
  /** Path parameters beyond plain strings; every `{name}` in the path is a string otherwise. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The request body schema, as validated (its input side). */
  body?: z.ZodType;
  bodyMediaType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** Default true when there is a body. */
  bodyRequired?: boolean;
  /** A string: a response without a body. */
  responses: Record<number, ResponseSpec | string>;
  /** Error answers (the document's `errorSchema`), by status: what each means here. */
  errors?: Record<number, string>;
}

export type PathsSpec = Record<string, Partial<Record<Method, OperationSpec>>>;

export interface DocumentSpec {
  info: { title: string; version: string; description: string };
  baseUrl: string;
  securitySchemes: Record<string, JsonSchema>;
  /** Applies where an operation names none. */
  security: string[];
  /** The body of every error answer (`{ error, error_description }` and what the service adds). */
  errorSchema: z.ZodType;
  paths: PathsSpec;
  /** Requests the service itself sends (OpenAPI 3.1 `webhooks`), by name. */
  webhooks?: PathsSpec;
}

/** Turns schemas into JSON Schema, collecting named ones for `components.schemas`. */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  /**
   * The input side throughout: a body as it is sent, a response as zod would accept it (no
   * `additionalProperties: false` on answers, so a named schema reads the same both ways).
   */
  convert(schema: z.ZodType): JsonSchema {
    const {
      $schema: _,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      // Refinements and transforms have no JSON Schema; the shape they act on is described.
      unrepresentable: 'any',
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    // A named schema (the root too) comes back as a $ref into $defs: keep one copy per document.
    for (const [id, def] of Object.entries($defs ?? {})) this.add(id, toComponentRefs(def) as JsonSchema);
    return toComponentRefs(json) as JsonSchema;
  }

  private add(id: string, json: JsonSchema): void {
    const known = this.components[id];
    if (known && JSON.stringify(known) !== JSON.stringify(json))
      throw new Error(`two different schemas are named ${id} in the OpenAPI document`);
    this.components[id] = json;
  }
}

/** `#/$defs/X` (per schema) → `#/components/schemas/X` (per document). */
function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === '$ref' && typeof v === 'string'
        ? v.replace(/^#\/\$defs\//, '#/components/schemas/')
        : toComponentRefs(v),
    ]),
  );
}

function parameters(
  converter: SchemaConverter,
  where: 'path' | 'query',
  schema: z.ZodObject | undefined,
): JsonSchema[] {
  if (!schema) return [];
  const json = converter.convert(schema) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operation(converter: SchemaConverter, path: string, spec: OperationSpec, document: DocumentSpec) {
  const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const typed = new Set(Object.keys(spec.params?.shape ?? {}));
  const pathParams = [
    ...inTemplate
      .filter((name) => !typed.has(name))
      .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...parameters(converter, 'path', spec.params),
  ];
  const allParameters = [...pathParams, ...parameters(converter, 'query', spec.query)];
  const errors = Object.entries(spec.errors ?? {}).map(([status, description]): [string, ResponseSpec] => [
    status,
    { description, json: document.errorSchema },
  ]);
  const responses = Object.fromEntries(
    [...Object.entries(spec.responses), ...errors].map(
      ([status, response]: [string, ResponseSpec | string]) => {
        if (typeof response === 'string') return [status, { description: response }];
        const media: Record<string, z.ZodType | null> = {
          ...(response.json ? { 'application/json': response.json } : {}),
          ...response.media,
        };
        const content = Object.fromEntries(
          Object.entries(media).map(([type, schema]) => [
            type,
            schema ? { schema: converter.convert(schema) } : {},
          ]),
        );
        return [
          status,
          {
            description: response.description,
            ...(response.headers ? { headers: response.headers } : {}),
            ...(Object.keys(content).length > 0 ? { content } : {}),
          },
        ];
      },
    ),
  );
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: (spec.security ?? document.security).map((name) => ({ [name]: [] })),
    ...(allParameters.length > 0 ? { parameters: allParameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: spec.bodyRequired ?? true,
            content: {
              [spec.bodyMediaType ?? 'application/json']: { schema: converter.convert(spec.body) },
            },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(spec: DocumentSpec) {
  const converter = new SchemaConverter();
  const items = (paths: PathsSpec) =>
    Object.fromEntries(
      Object.entries(paths).map(([path, operations]) => [
        path,
        Object.fromEntries(
          Object.entries(operations).map(([method, op]) => [method, operation(converter, path, op, spec)]),
        ),
      ]),
    );
  const paths = items(spec.paths);
  const webhooks = spec.webhooks ? { webhooks: items(spec.webhooks) } : {};
  return {
    openapi: '3.1.0',
    info: spec.info,
    servers: [{ url: spec.baseUrl }],
    paths,
    ...webhooks,
    // The schemas are collected while the paths are built.
    components: { securitySchemes: spec.securitySchemes, schemas: converter.components },
  };
}
