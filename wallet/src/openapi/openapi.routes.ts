import { Router } from 'express';
import type { WalletContext } from '../context.js';
import { createOpenApiDocument } from './openapi-document.js';

export function openApiRoutes(ctx: WalletContext): Router {
  const router = Router();
  const document = createOpenApiDocument(ctx.baseUrl);
  router.get('/api/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(document);
  });
  return router;
}
