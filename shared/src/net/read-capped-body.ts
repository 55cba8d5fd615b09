/** The body of a response from outside was larger than the reader allows. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/** What is read: a `Response` of Node's fetch or of undici's own (their types differ). */
export interface CappedBodySource {
  headers: { get(name: string): string | null };
  body: {
    getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> };
    cancel(): Promise<void>;
  } | null;
}

/**
 * Reads a fetched response's body, at most `maxBytes` of it: the declared length is checked
 * first, then the bytes as they arrive (after any Content-Encoding was undone, so a compressed
 * bomb stops at the limit too). `response.text()`/`json()` would read any size into memory.
 */
export async function readCappedBody(response: CappedBodySource, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new BodyTooLarge(maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** `readCappedBody`, parsed as JSON (a SyntaxError when it is not JSON). */
export async function readCappedJson(response: Response, maxBytes: number): Promise<unknown> {
  return JSON.parse((await readCappedBody(response, maxBytes)).toString('utf8')) as unknown;
}
