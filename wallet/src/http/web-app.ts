import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** Where `npm run build:web -w wallet` puts the single-page app. */
export const defaultWebRoot = fileURLToPath(new URL('../../dist-web', import.meta.url));

/**
 * Serves the built single-page app, when there is one: hashed assets with a long cache, and
 * `index.html` (never cached) for every other GET that wants HTML, so the app's own routes
 * work on reload. The API, sign-in and callback paths are never shadowed.
 */
export function webAppRoutes(webRoot: string = defaultWebRoot): Router {
  const router = Router();
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) return router;
  router.use(
    '/assets',
    express.static(join(webRoot, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  router.use(express.static(webRoot, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/|auth\/|oid4vci\/|health$).*/, (req, res, next) => {
    if (!req.accepts('html')) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
