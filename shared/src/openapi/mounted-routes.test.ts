import express from 'express';
import { mountedRoutes } from './mounted-routes.js';

describe('mountedRoutes', () => {
  it('walks nested routers with their mount paths and writes :param as {param}', () => {
    const app = express();
    const inner = express.Router();
    inner.get('/:itemId', (_req, res) => void res.end());
    const outer = express.Router();
    outer.use('/items', inner);
    outer
      .route('/things')
      .post((_req, res) => void res.end())
      .delete((_req, res) => void res.end());
    app.use('/api/:tenant', outer);
    app.use(
      ['/a', '/b'],
      express.Router().get('/x', (_req, res) => void res.end()),
    );
    app.route('/any').all((_req, res) => void res.end());
    app.get(/^\/pages\/.*/, (_req, res) => void res.end());
    // Middleware is not a route.
    app.use('/api', (_req, _res, next) => next());

    expect(mountedRoutes(app)).toEqual([
      { method: 'get', path: '/api/{tenant}/items/{itemId}' },
      { method: 'post', path: '/api/{tenant}/things' },
      { method: 'delete', path: '/api/{tenant}/things' },
      { method: 'get', path: '/a/x' },
      { method: 'get', path: '/b/x' },
      { method: 'all', path: '/any' },
      { method: 'get', path: 'RegExp /^\\/pages\\/.*/' },
    ]);
  });
});
