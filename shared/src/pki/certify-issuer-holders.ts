import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaState } from './ca-folder.js';
import { issueLeaf, renewLeaf } from './ca-commands.js';
import type { JsonWebKey } from './x509-provider.js';

export interface HolderCertification {
  holderId: string;
  serial: string;
  /** `kept`: the certificate in place certifies the key that signs now. */
  outcome: 'kept' | 'issued' | 'renewed';
}

function samePublicKey(certificateBase64: string, jwk: JsonWebKey): boolean {
  const key = new X509Certificate(Buffer.from(certificateBase64, 'base64')).publicKey.export({
    format: 'jwk',
  });
  return key.crv === jwk.crv && key.x === jwk.x && key.y === jwk.y;
}

/** The signing key each holder signs with now: the first of its JWT VC Issuer Metadata keys. */
async function activeKey(issuerUrl: string, fetchFn: typeof globalThis.fetch): Promise<JsonWebKey> {
  const url = new URL(issuerUrl);
  const response = await fetchFn(`${url.origin}/.well-known/jwt-vc-issuer${url.pathname}`);
  if (!response.ok) throw new Error(`${issuerUrl}'s JWT VC Issuer Metadata answered ${response.status}`);
  const metadata = (await response.json()) as { jwks?: { keys?: JsonWebKey[] } };
  const key = metadata.jwks?.keys?.[0];
  if (!key) throw new Error(`${issuerUrl} publishes no signing key`);
  return key;
}

/**
 * What the demo does for the issuer (docs/issuer.md "Signed with x5c"): the demo CA certifies
 * each holder's own signing key — the private key never leaves the issuer's KMS — with the
 * holder's host and identifier URL in the SAN, and the chain goes to
 * `<certificatesDir>/<holder>.x5c.json`, which the issuer reads when it signs. A certificate that
 * still certifies the active key is kept; after a key rotation the old one is renewed for the new
 * key (and revoked as superseded).
 */
export async function certifyIssuerHolders(options: {
  caDir: string;
  certificatesDir: string;
  issuerBaseUrl: string;
  holderIds: readonly string[];
  fetch?: typeof globalThis.fetch;
  now?: Date;
}): Promise<HolderCertification[]> {
  mkdirSync(options.certificatesDir, { recursive: true });
  const results: HolderCertification[] = [];
  for (const holderId of options.holderIds) {
    const issuerUrl = `${options.issuerBaseUrl}/${holderId}`;
    const publicJwk = await activeKey(issuerUrl, options.fetch ?? globalThis.fetch);
    const file = join(options.certificatesDir, `${holderId}.x5c.json`);
    const current = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { x5c: string[] }).x5c[0]
      : undefined;
    const state = loadCaState(options.caDir);
    const issued = current ? state.issued.find((c) => c.certificate === current) : undefined;
    const now = options.now ?? new Date();
    const usable = issued && !issued.revoked_at && new Date(issued.not_after) > now;
    if (issued && usable && samePublicKey(issued.certificate, publicJwk)) {
      results.push({ holderId, serial: issued.serial, outcome: 'kept' });
      continue;
    }
    const result =
      issued && !issued.revoked_at
        ? await renewLeaf({ dir: options.caDir, serial: issued.serial, publicJwk, now })
        : await issueLeaf({
            dir: options.caDir,
            subject: { role: 'holder', name: holderId, host: new URL(issuerUrl).hostname, url: issuerUrl },
            publicJwk,
            now,
          });
    writeFileSync(`${file}.tmp`, `${JSON.stringify({ x5c: result.x5c }, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    results.push({ holderId, serial: result.issued.serial, outcome: issued ? 'renewed' : 'issued' });
  }
  return results;
}
