import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Where each consumer's registration certificates come from (`rc-wrp+jwt`, one per intended use,
 * signed by the registrar: docs/verifier.md "Registration certificates"). Every request object
 * carries them in `verifier_info`. Read when needed, so the operator can install renewed ones
 * without a restart.
 */
export interface RegistrationCertificateSource {
  /** The consumer's registration certificates (compact JWS), none when it has none. */
  get(consumerId: string): Promise<string[]>;
}

const zRegistrationCertificateFile = z.record(z.string(), z.array(z.string().min(1).max(50_000)).max(20));

export const noRegistrationCertificates: RegistrationCertificateSource = { get: async () => [] };

/**
 * The file `VERIFIER_REGISTRATION_CERTIFICATES`: `{ "<consumer id>": ["<rc-wrp+jwt>", …] }`, as the
 * demo writes it. Re-read when its modification time or size changes; a missing file is none.
 */
export function fileRegistrationCertificates(file: string): RegistrationCertificateSource {
  let seen: { version: string; entries: z.infer<typeof zRegistrationCertificateFile> } | undefined;
  return {
    async get(consumerId) {
      let version: string;
      try {
        const info = await stat(file);
        version = `${info.mtimeMs}:${info.size}:${info.ino}`;
      } catch {
        return [];
      }
      if (seen?.version !== version) {
        const entries = zRegistrationCertificateFile.parse(JSON.parse(await readFile(file, 'utf8')));
        seen = { version, entries };
      }
      return seen.entries[consumerId] ?? [];
    },
  };
}

/** Certificates held in memory (tests). */
export function memoryRegistrationCertificates(entries: Record<string, string[]> = {}) {
  return {
    set(consumerId: string, certificates: string[]) {
      entries[consumerId] = certificates;
    },
    get: async (consumerId: string) => entries[consumerId] ?? [],
  } satisfies RegistrationCertificateSource & { set(id: string, certificates: string[]): void };
}
