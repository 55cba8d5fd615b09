/**
 * The routes an express 5 app actually mounts, as OpenAPI path templates: walks the router
 * stack, nested routers with their mount paths, `:param` written `{param}`. Tests compare it
 * with the served OpenAPI document so a route cannot be added without describing it.
 */
export interface MountedRoute {
  /** Lower case (`get`, `post`…); `all` for `router.all`. */
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `:id` → `{id}`; `*rest` and `{*rest}` (express 5 wildcards) → `{rest}`. */
function template(path: string): string {
  return path.replace(/\{?\*(\w+)\}?/g, '{$1}').replace(/:(\w+)/g, '{$1}');
}

function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/**
 * A layer's paths: express keeps what `use`/`route` was given (a string, a RegExp, or an array
 * of them). A RegExp has no template: it is kept as its source text, for a test to name.
 */
function paths(raw: unknown): string[] {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw ?? '/'];
  return list.map((p) => (p instanceof RegExp ? `RegExp ${String(p)}` : String(p)));
}

function walk(stack: Layer[], prefix: string, out: MountedRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const methods = Object.keys(layer.route.methods)
        .filter((m) => layer.route!.methods[m])
        .map((m) => (m === '_all' ? 'all' : m));
      for (const path of paths(layer.route.path))
        for (const method of methods)
          out.push({ method, path: path.startsWith('RegExp ') ? path : template(join(prefix, path)) });
    } else if (Array.isArray(layer.handle?.stack)) {
      for (const path of paths(layer.rawPath)) walk(layer.handle.stack, join(prefix, path), out);
    }
  }
}

/** Every method and path the app routes (middleware without routes, e.g. rate limits, is not a route). */
export function mountedRoutes(app: { router: { stack: unknown[] } }): MountedRoute[] {
  const out: MountedRoute[] = [];
  walk(app.router.stack as Layer[], '/', out);
  return out;
}
