import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caTrustAnchor, initCa, issueLeaf, revokeLeaf } from './ca-commands.js';
import { caPublicationRouter } from './ca-publication.js';
import { cachingCrlFetcher, httpCrlFetcher } from './crl-fetcher.js';
import { crlDistributionPoints } from './check-revocation.js';
import { validateX5cChain } from './validate-x5c-chain.js';
import { certificateFromBase64 } from './x509-provider.js';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'ca-http-')), 'ca');
  const app = express();
  app.use('/ca', caPublicationRouter(dir));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await initCa({ dir, crlUri: `${base}/ca/crl` });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('revocation published over HTTP', () => {
  it('a relying party fetching the served CRL sees a revocation as soon as the CA makes it', async () => {
    const { x5c, issued } = await issueLeaf({
      dir,
      subject: { role: 'verifier', name: 'Universitetet', host: '127.0.0.1', url: `${base}/university` },
    });
    expect(crlDistributionPoints(certificateFromBase64(x5c[0]))).toEqual([`${base}/ca/crl`]);
    const anchors = [caTrustAnchor(dir)];
    const crlFetcher = httpCrlFetcher();
    // The demo runs on 127.0.0.1: an iPAddress SAN, matched like a host name.
    const valid = await validateX5cChain(x5c, anchors, { expectedHost: '127.0.0.1', crlFetcher });
    expect(valid.leaf.serialNumber).toBe(issued.serial);

    await revokeLeaf({ dir, serial: issued.serial, reason: 'cessationOfOperation' });
    await expect(validateX5cChain(x5c, anchors, { crlFetcher })).rejects.toMatchObject({ code: 'revoked' });

    // The CA certificate is published beside it, byte for byte what the trust list names.
    const response = await fetch(`${base}/ca/certificate`);
    expect(response.headers.get('content-type')).toMatch(/application\/pkix-cert/);
    expect(Buffer.from(await response.arrayBuffer()).toString('base64')).toBe(anchors[0].certificate);
  });

  it('without a CRL location the chain fails closed; a cached CRL is fetched once', async () => {
    const { x5c } = await issueLeaf({ dir, subject: { role: 'holder', name: 'AF', host: 'issuer.example' } });
    const anchor = { ...caTrustAnchor(dir), crl_uri: `${base}/ca/missing` };
    await expect(validateX5cChain(x5c, [anchor], { crlFetcher: httpCrlFetcher() })).rejects.toMatchObject({
      code: 'crl_unavailable',
      message: expect.stringMatching(/answered 404/),
    });
    let fetches = 0;
    const counting: typeof fetch = (input, init) => {
      fetches++;
      return fetch(input, init);
    };
    const crlFetcher = cachingCrlFetcher(httpCrlFetcher(counting));
    await validateX5cChain(x5c, [caTrustAnchor(dir)], { crlFetcher });
    await validateX5cChain(x5c, [caTrustAnchor(dir)], { crlFetcher });
    expect(fetches).toBe(1);
  });
});
