/**
 * Structural checks of an OpenAPI 3.1 document, for tests: what a generator could get wrong
 * without a type error. Returns the problems found (none: the document holds together).
 */
import type { MountedRoute } from './mounted-routes.js';

type Json = Record<string, unknown>;
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined),
      document,
    );
}

function collectRefs(node: unknown, at: string, out: Array<{ at: string; ref: string }>): void {
  if (Array.isArray(node)) node.forEach((item, i) => collectRefs(item, `${at}/${i}`, out));
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push({ at, ref: value });
      else collectRefs(value, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
}

export function checkOpenApiDocument(document: Json): string[] {
  const problems: string[] = [];
  if (typeof document.openapi !== 'string' || !/^3\.1\.\d+$/.test(document.openapi))
    problems.push(`openapi is ${String(document.openapi)}, not 3.1.x`);
  const info = document.info as Json | undefined;
  if (typeof info?.title !== 'string' || typeof info.version !== 'string')
    problems.push('info needs a title and a version');
  const components = (document.components ?? {}) as Json;
  const schemes = (components.securitySchemes ?? {}) as Json;
  const paths = document.paths as Record<string, Json> | undefined;
  if (!paths || typeof paths !== 'object') return [...problems, 'no paths'];
  for (const path of Object.keys(paths))
    if (!path.startsWith('/')) problems.push(`${path}: a path must start with /`);
  const webhooks = (document.webhooks ?? {}) as Record<string, Json>;

  for (const [path, item] of [...Object.entries(paths), ...Object.entries(webhooks)]) {
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!methods.includes(method)) {
        problems.push(`${where}: not an HTTP method`);
        continue;
      }
      const operation = op as Json;
      const responses = operation.responses as Record<string, Json> | undefined;
      if (!responses || Object.keys(responses).length === 0) problems.push(`${where}: no responses`);
      for (const [status, response] of Object.entries(responses ?? {})) {
        if (!/^([1-5](\d\d|XX)|default)$/.test(status))
          problems.push(`${where}: response ${status} is no status`);
        if (typeof response.description !== 'string') problems.push(`${where} ${status}: no description`);
      }
      const parameters = (operation.parameters ?? []) as Json[];
      const inPath = parameters.filter((p) => p.in === 'path').map((p) => p.name as string);
      for (const name of templated)
        if (!inPath.includes(name)) problems.push(`${where}: path parameter {${name}} is not described`);
      for (const name of inPath)
        if (!templated.includes(name)) problems.push(`${where}: parameter ${name} is not in the path`);
      for (const p of parameters)
        if (p.in === 'path' && p.required !== true)
          problems.push(`${where}: path parameter ${String(p.name)} must be required`);
      const seen = new Set(parameters.map((p) => `${String(p.in)}:${String(p.name)}`));
      if (seen.size !== parameters.length) problems.push(`${where}: a parameter is listed twice`);
      for (const requirement of (operation.security ?? []) as Json[])
        for (const name of Object.keys(requirement))
          if (!(name in schemes)) problems.push(`${where}: security scheme ${name} is not defined`);
    }
  }

  const refs: Array<{ at: string; ref: string }> = [];
  collectRefs(document, '#', refs);
  for (const { at, ref } of refs)
    if (resolvePointer(document, ref) === undefined) problems.push(`${at}: $ref ${ref} does not resolve`);
  return problems;
}

/** Is `path` under an allow-list entry: the entry itself, or below it (`/demo` covers `/demo/x`). */
function under(path: string, entry: string): boolean {
  return path === entry || path.startsWith(entry.endsWith('/') ? entry : `${entry}/`);
}

/**
 * The mounted routes against the document. `notApi`: what is mounted but is not API (pages,
 * static assets), as path prefixes or the exact text `mountedRoutes` gives a RegExp route.
 * `undocumented`: API routes the document lacks (a GET covers the HEAD express adds);
 * `notMounted`: operations the document describes that nothing serves; `unusedExclusions`:
 * allow-list entries that match nothing (stale ones would hide a route later).
 */
export function routeCoverage(document: Json, routes: MountedRoute[], notApi: readonly string[]) {
  const api = routes.filter((route) => !notApi.some((entry) => under(route.path, entry)));
  const paths = (document.paths ?? {}) as Record<string, Json>;
  const undocumented = api.filter(({ method, path }) => {
    const item = paths[path];
    if (!item) return true;
    return method === 'all' ? Object.keys(item).length === 0 : !(method in item);
  });
  const mounted = new Set(api.map((route) => `${route.method} ${route.path}`));
  const notMounted = Object.entries(paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
    .filter((operation) => !mounted.has(operation) && !mounted.has(`all ${operation.split(' ')[1]}`));
  const unusedExclusions = notApi.filter((entry) => !routes.some((route) => under(route.path, entry)));
  return { api, undocumented, notMounted, unusedExclusions };
}
