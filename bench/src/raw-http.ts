import { Agent, request } from 'node:http';

/**
 * One HTTP request over a keep-alive agent, timed on the client, the body left as the server
 * sent it (not decompressed), so its length is the size on the wire.
 */
export interface RawAnswer {
  status: number;
  body: Buffer;
  ms: number;
}

export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

export function rawRequest(
  agent: Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = request(url, { agent, method: options.method ?? 'GET', headers: options.headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          ms: Number(process.hrtime.bigint() - start) / 1e6,
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
