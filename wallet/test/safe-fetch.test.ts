import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertFetchableUrl, createSafeFetch, FetchFailure } from '../src/http/safe-fetch.js';

describe('the URL policy for everything the wallet fetches', () => {
  it('admits only https, and not this machine, unless insecure URLs are allowed', () => {
    expect(assertFetchableUrl('https://issuer.example/af', false).href).toBe('https://issuer.example/af');
    for (const url of [
      'http://issuer.example',
      'https://127.0.0.1/x',
      'https://localhost/x',
      'ftp://x',
      'https://u:p@x.example',
    ]) {
      expect(() => assertFetchableUrl(url, false)).toThrow();
    }
    expect(assertFetchableUrl('http://127.0.0.1:3001/af', true).protocol).toBe('http:');
    expect(() => assertFetchableUrl('file:///etc/passwd', true)).toThrow();
    expect(() => assertFetchableUrl('javascript:alert(1)', true)).toThrow();
  });
});

describe('safe fetch', () => {
  const server = createServer((req, res) => {
    if (req.url === '/big') res.end('x'.repeat(5000));
    else if (req.url === '/slow') setTimeout(() => res.end('late'), 1000).unref();
    else if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://169.254.169.254/' });
      res.end();
    } else res.end('{"ok":true}');
  });
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const safeFetch = createSafeFetch({ allowInsecureUrls: true, timeoutMs: 300, maxBytes: 1000 });

  it('reads a small answer', async () => {
    expect(await (await safeFetch(`${base}/ok`)).json()).toEqual({ ok: true });
  });
  it('gives up on a body that is too large or an answer that is too slow', async () => {
    await expect(safeFetch(`${base}/big`)).rejects.toMatchObject({ reason: 'too_large' });
    await expect(safeFetch(`${base}/slow`)).rejects.toMatchObject({ reason: 'timeout' });
  });
  it('does not follow redirects', async () => {
    const response = await safeFetch(`${base}/redirect`);
    expect(response.status).toBe(302);
  });
  it('refuses URLs outside the policy before connecting', async () => {
    const strict = createSafeFetch({ allowInsecureUrls: false, timeoutMs: 300, maxBytes: 1000 });
    await expect(strict(`${base}/ok`)).rejects.toBeInstanceOf(FetchFailure);
  });
  it('refuses names that resolve to private, loopback or link-local addresses (SSRF)', async () => {
    for (const address of ['10.0.0.7', '192.168.1.20', '169.254.169.254', '::1', 'fd00::5']) {
      const strict = createSafeFetch({
        allowInsecureUrls: false,
        timeoutMs: 300,
        maxBytes: 1000,
        resolveHost: async () => [address],
      });
      await expect(
        strict('https://issuer.example/.well-known/openid-credential-issuer'),
      ).rejects.toMatchObject({
        reason: 'url',
        message: expect.stringMatching(/internal address/),
      });
    }
    await expect(
      createSafeFetch({ allowInsecureUrls: false, timeoutMs: 300, maxBytes: 1000 })('https://10.0.0.7/x'),
    ).rejects.toMatchObject({ reason: 'url' });
  });
});
