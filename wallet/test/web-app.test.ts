import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { webAppRoutes } from '../src/http/web-app.js';

describe('serving the built single-page app', () => {
  const root = mkdtempSync(join(tmpdir(), 'wallet-web-'));
  let server: Server;
  let base: string;
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Min profil</title>');
    writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
    const app = express();
    app.use(webAppRoutes(root));
    app.use((_req, res) => {
      res.status(404).json({ error: 'not_found' });
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  it('answers the app routes with index.html, assets with a long cache, and leaves the API alone', async () => {
    const page = await fetch(`${base}/credentials/123`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('Min profil');
    const asset = await fetch(`${base}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${base}/api/nothing`, { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await fetch(`${base}/credentials`, { headers: { accept: 'application/json' } })).status).toBe(
      404,
    );
  });

  it('serves nothing when the app has not been built', () => {
    expect(webAppRoutes(join(root, 'missing')).stack).toHaveLength(0);
  });
});
