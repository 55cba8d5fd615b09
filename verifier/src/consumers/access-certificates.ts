import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Where each consumer's access certificate comes from (HAIP 1.0 x509 client identifiers): the
 * `x5c` chain, leaf first, that the CA issued for the consumer's request-signing key. Read when
 * needed, so the operator can install a certificate (or a renewed one) without a restart.
 */
export interface AccessCertificateSource {
  /** The consumer's `x5c` (standard base64 DER, leaf first), or undefined when it has none. */
  get(consumerId: string): Promise<string[] | undefined>;
}

const zAccessCertificateFile = z.record(
  z.string(),
  z.object({ x5c: z.array(z.string().min(1).max(20000)).min(1).max(5) }).loose(),
);

/** No certificates: every consumer uses `decentralized_identifier` (what a verifier did before). */
export const noAccessCertificates: AccessCertificateSource = { get: async () => undefined };

/**
 * The file `VERIFIER_ACCESS_CERTIFICATES` (docs/verifier.md): `{ "<consumer id>": { "x5c": […] } }`,
 * each value what `npm run ca -- issue --public-key …` writes as `<serial>.x5c.json`. Re-read when
 * its modification time or size changes; a missing file is no certificates.
 */
export function fileAccessCertificates(file: string): AccessCertificateSource {
  let seen: { version: string; entries: z.infer<typeof zAccessCertificateFile> } | undefined;
  return {
    async get(consumerId) {
      let version: string;
      try {
        const info = await stat(file);
        version = `${info.mtimeMs}:${info.size}:${info.ino}`;
      } catch {
        return undefined;
      }
      if (seen?.version !== version) {
        const entries = zAccessCertificateFile.parse(JSON.parse(await readFile(file, 'utf8')));
        seen = { version, entries };
      }
      return seen.entries[consumerId]?.x5c;
    },
  };
}

/** Certificates held in memory (tests, and deployments that pass them in code). */
export function memoryAccessCertificates(entries: Record<string, string[]> = {}) {
  return {
    set(consumerId: string, x5c: string[]) {
      entries[consumerId] = x5c;
    },
    get: async (consumerId: string) => entries[consumerId],
  } satisfies AccessCertificateSource & { set(id: string, x5c: string[]): void };
}
