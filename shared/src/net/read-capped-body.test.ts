import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { BodyTooLarge, readCappedBody, readCappedJson } from './read-capped-body.js';

describe('readCappedBody over real HTTP', () => {
  let server: Server;
  let base: string;
  // 64 MiB of JSON-ish text, gzipped to well under 1 MiB, sent without a Content-Length.
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/bomb') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(bomb);
      } else if (req.url === '/declared') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10_000_000) });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stops a gzip bomb at the limit, counting the inflated bytes', async () => {
    await expect(readCappedBody(await fetch(`${base}/bomb`), 64 * 1024)).rejects.toBeInstanceOf(BodyTooLarge);
  });

  it('refuses a declared length past the limit without reading', async () => {
    await expect(readCappedBody(await fetch(`${base}/declared`), 64 * 1024)).rejects.toThrow(
      'the answer is larger than 65536 bytes',
    );
  });

  it('reads a small answer', async () => {
    expect(await readCappedJson(await fetch(`${base}/ok`), 64 * 1024)).toEqual({ ok: true });
  });
});
