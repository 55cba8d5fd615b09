import express from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caFiles } from './ca-folder.js';

/**
 * Publishes the CA's certificate and current CRL (read from its folder on each request, so a
 * revocation is served as soon as the CLI writes the new CRL). Public by design: relying parties
 * fetch the CRL from the `crl_uri` the trust list and the certificates name.
 */
export function caPublicationRouter(dir: string): express.Router {
  const router = express.Router();
  router.get('/crl', (_req, res) => {
    res
      .type('application/pkix-crl')
      .set('cache-control', 'no-cache')
      .send(readFileSync(join(dir, caFiles.crl)));
  });
  router.get('/certificate', (_req, res) => {
    const base64 = readFileSync(join(dir, caFiles.certificate), 'utf8').trim();
    res.type('application/pkix-cert').send(Buffer.from(base64, 'base64'));
  });
  return router;
}
