import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCa } from '@min-profil/shared/pki/ca-commands';
import { caPublicationRouter } from '@min-profil/shared/pki/ca-publication';

export interface TestCa {
  /** A temporary folder: the CA in `ca/`, room for other files beside it. */
  tmp: string;
  caDir: string;
  /** Where the CA's certificate and CRL are served (`…/crl`). */
  caUrl: string;
  stop(): Promise<void>;
}

/** The demo CA in a temporary folder, its CRL served over real HTTP on 127.0.0.1 (docs/pki.md). */
export async function startTestCa(): Promise<TestCa> {
  const tmp = mkdtempSync(join(tmpdir(), 'min-profil-ca-'));
  const caDir = join(tmp, 'ca');
  const server = createServer(express().use('/ca', caPublicationRouter(caDir)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const caUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ca`;
  await initCa({ dir: caDir, crlUri: `${caUrl}/crl` });
  return {
    tmp,
    caDir,
    caUrl,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
