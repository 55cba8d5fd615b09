import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutboundFetch, FetchFailure } from './outbound-fetch.js';
import { assertOutboundTarget, outboundPolicy } from './outbound-policy.js';

/** A loopback HTTP server that counts the TCP connections made to it. */
async function startRecordingServer(
  handler: Parameters<typeof createServer>[1] = (_q, r) => r.end('{"ok":true}'),
) {
  const server: Server = createServer(handler);
  let connections = 0;
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the outbound fetch (one policy for every outbound request)', () => {
  let inside: Awaited<ReturnType<typeof startRecordingServer>>;
  let other: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    other = await startRecordingServer();
    inside = await startRecordingServer((req, res) => {
      if (req.url === '/to-other') {
        res.writeHead(302, { location: `${other.origin}/x` }).end();
      } else if (req.url === '/big') {
        res.end('x'.repeat(5000));
      } else res.end('{"ok":true}');
    });
  });
  afterAll(async () => {
    await inside.close();
    await other.close();
  });

  it('checks the address it connects to, not an earlier answer (DNS rebinding)', async () => {
    // The resolver answers a public address first (the check), then loopback (the connect).
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const policy = outboundPolicy({ allowHttp: true, resolve: async () => answers.shift() ?? ['127.0.0.1'] });
    const url = `http://rebind.example:${inside.port}/ok`;
    await expect(assertOutboundTarget(policy, url)).resolves.toBeInstanceOf(URL);
    const fetch = createOutboundFetch(policy);
    await expect(fetch(url)).rejects.toMatchObject({
      reason: 'url',
      message: expect.stringMatching(/rebind\.example resolves to an internal address/),
    });
    expect(inside.connections()).toBe(0);
  });

  it('connects to a name through the same checking lookup when its address is admitted', async () => {
    const fetch = createOutboundFetch({
      allowHttp: true,
      allowInternal: true,
      resolve: async () => ['127.0.0.1'],
    });
    expect(await (await fetch(`http://named.example:${inside.port}/ok`)).json()).toEqual({ ok: true });
  });

  it('refuses a name when any one of its addresses is internal', async () => {
    const before = inside.connections();
    const fetch = createOutboundFetch({
      allowHttp: true,
      resolve: async () => ['93.184.216.34', '127.0.0.1', '2001:4860:4860::8888'],
    });
    await expect(fetch(`http://mixed.example:${inside.port}/ok`)).rejects.toMatchObject({ reason: 'url' });
    expect(inside.connections()).toBe(before);
  });

  it('fails closed when a name does not resolve', async () => {
    const policy = outboundPolicy({ allowHttp: true });
    await expect(assertOutboundTarget(policy, 'https://nothing-here.invalid/hook')).rejects.toThrow(
      /nothing-here\.invalid could not be resolved/,
    );
    const failure = await createOutboundFetch(policy)('https://nothing-here.invalid/x').catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(FetchFailure);
    expect((failure as FetchFailure).message).toMatch(/could not be resolved, so it is not fetched from/);
  });

  it('refuses internal literals and schemes outside the policy before connecting', async () => {
    const before = inside.connections();
    const strict = createOutboundFetch();
    for (const url of [
      `https://127.0.0.1:${inside.port}/ok`,
      `https://[::ffff:127.0.0.1]:${inside.port}/ok`,
      `https://localhost:${inside.port}/ok`,
      `http://93.184.216.34/`,
      'file:///etc/passwd',
    ]) {
      await expect(strict(url)).rejects.toMatchObject({ reason: 'url' });
    }
    expect(inside.connections()).toBe(before);
  });

  it('admits listed origins (the system itself) and nothing else on loopback', async () => {
    const fetch = createOutboundFetch({ allowHttp: true, allowedOrigins: [inside.origin] });
    expect(await (await fetch(`${inside.origin}/ok`)).json()).toEqual({ ok: true });
    const before = other.connections();
    await expect(fetch(`${other.origin}/x`)).rejects.toMatchObject({ reason: 'url' });
    // Each redirect hop is checked again: a listed origin cannot hand the request on inside.
    await expect(fetch(`${inside.origin}/to-other`)).rejects.toMatchObject({ reason: 'url' });
    expect(other.connections()).toBe(before);
  });

  it('keeps its size limit and hands back redirects when told not to follow them', async () => {
    const fetch = createOutboundFetch({
      allowHttp: true,
      allowInternal: true,
      maxBytes: 1000,
      maxRedirects: 0,
    });
    await expect(fetch(`${inside.origin}/big`)).rejects.toMatchObject({ reason: 'too_large' });
    expect((await fetch(`${inside.origin}/to-other`)).status).toBe(302);
  });
});
