import { promisify } from 'node:util';
import { deflate, gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const encoders = { gzip: promisify(gzip), deflate: promisify(deflate) };

/**
 * Token Status List §8.1: the list SHOULD be sent compressed when the client accepts it
 * (`Accept-Encoding`); gzip first, then deflate, else as it is. Caches keep the variants apart.
 */
export async function sendCompressed(req: Request, res: Response, body: string): Promise<void> {
  res.vary('Accept-Encoding');
  const encoding = req.acceptsEncodings('gzip', 'deflate', 'identity');
  if (encoding === 'gzip' || encoding === 'deflate') {
    res.set('Content-Encoding', encoding).send(await encoders[encoding](Buffer.from(body)));
    return;
  }
  res.send(body);
}
