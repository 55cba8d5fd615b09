import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preparePrivateDir } from '../private-files.js';
import type { CertificateAuthority } from './create-ca.js';
import { zCaState, type CaState } from './z-ca-state.js';
import {
  certificateFromBase64,
  certificateToBase64,
  importP256PrivateKey,
  type x509,
} from './x509-provider.js';
import type { JsonWebKey } from './x509-provider.js';

/**
 * The CA's folder (0700; every file 0600): its private key, its certificate, its state (what it
 * issued and revoked) and the current CRL. Files are written whole and renamed into place.
 */
export const caFiles = {
  privateKey: 'ca.key.json',
  certificate: 'ca.cert.b64',
  state: 'ca-state.json',
  crl: 'ca.crl',
} as const;

export function writePrivate(dir: string, name: string, content: string | Uint8Array): void {
  preparePrivateDir(dir);
  const file = join(dir, name);
  writeFileSync(`${file}.tmp`, content, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function caExists(dir: string): boolean {
  return existsSync(join(dir, caFiles.privateKey));
}

export async function loadCa(dir: string): Promise<CertificateAuthority> {
  if (!caExists(dir)) throw new Error(`no CA in ${dir}; run \`npm run ca -- init\` first`);
  const jwk = JSON.parse(readFileSync(join(dir, caFiles.privateKey), 'utf8')) as JsonWebKey;
  return {
    certificate: loadCaCertificate(dir),
    privateKey: await importP256PrivateKey(jwk),
  };
}

export function loadCaCertificate(dir: string): x509.X509Certificate {
  return certificateFromBase64(readFileSync(join(dir, caFiles.certificate), 'utf8').trim());
}

export function saveCa(dir: string, ca: { certificate: x509.X509Certificate; privateJwk: JsonWebKey }): void {
  writePrivate(dir, caFiles.privateKey, JSON.stringify(ca.privateJwk));
  writePrivate(dir, caFiles.certificate, `${certificateToBase64(ca.certificate)}\n`);
}

export function loadCaState(dir: string): CaState {
  return zCaState.parse(JSON.parse(readFileSync(join(dir, caFiles.state), 'utf8')));
}

export function saveCaState(dir: string, state: CaState): void {
  writePrivate(dir, caFiles.state, `${JSON.stringify(state, null, 2)}\n`);
}
