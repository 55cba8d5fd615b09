import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaState } from './ca-folder.js';
import { issueLeaf, renewLeaf } from './ca-commands.js';
import type { LeafSubject } from './issue-certificate.js';
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

/** The first key of the JWK Set (or metadata holding one) at `url`: the key that signs now. */
async function firstKey(
  url: string,
  keysOf: (document: unknown) => JsonWebKey[] | undefined,
  fetchFn: typeof globalThis.fetch = globalThis.fetch,
): Promise<JsonWebKey> {
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const key = keysOf(await response.json())?.[0];
  if (!key) throw new Error(`${url} publishes no key`);
  return key;
}

/**
 * The chain in `file` kept when it still certifies `publicJwk` and is valid and unrevoked;
 * otherwise a new certificate for that key (renewing the old one, which the CA then revokes as
 * superseded), written whole to `file` as `{ "x5c": [leaf, CA] }`.
 */
async function certifyInto(options: {
  caDir: string;
  file: string;
  subject: LeafSubject;
  publicJwk: JsonWebKey;
  now: Date;
}): Promise<{ serial: string; outcome: HolderCertification['outcome'] }> {
  const { caDir, file, publicJwk, now } = options;
  const current = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { x5c: string[] }).x5c[0]
    : undefined;
  const issued = current ? loadCaState(caDir).issued.find((c) => c.certificate === current) : undefined;
  const usable = issued && !issued.revoked_at && new Date(issued.not_after) > now;
  if (issued && usable && samePublicKey(issued.certificate, publicJwk)) {
    return { serial: issued.serial, outcome: 'kept' };
  }
  const result =
    issued && !issued.revoked_at
      ? await renewLeaf({ dir: caDir, serial: issued.serial, publicJwk, now })
      : await issueLeaf({ dir: caDir, subject: options.subject, publicJwk, now });
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ x5c: result.x5c }, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return { serial: result.issued.serial, outcome: issued ? 'renewed' : 'issued' };
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
    const url = new URL(issuerUrl);
    const result = await certifyInto({
      caDir: options.caDir,
      file: join(options.certificatesDir, `${holderId}.x5c.json`),
      subject: { role: 'holder', name: holderId, host: url.hostname, url: issuerUrl },
      publicJwk: await firstKey(
        `${url.origin}/.well-known/jwt-vc-issuer${url.pathname}`,
        (m) => (m as { jwks?: { keys?: JsonWebKey[] } }).jwks?.keys,
        options.fetch,
      ),
      now: options.now ?? new Date(),
    });
    results.push({ holderId, ...result });
  }
  return results;
}

/**
 * The wallet provider's key certified by the demo CA (role `wallet-provider`), the chain in
 * `file` (WALLET_PROVIDER_CERTIFICATE_FILE): what its key attestations are signed with.
 */
export async function certifyWalletProvider(options: {
  caDir: string;
  file: string;
  walletUrl: string;
  fetch?: typeof globalThis.fetch;
  now?: Date;
}): Promise<{ serial: string; outcome: HolderCertification['outcome'] }> {
  return certifyInto({
    caDir: options.caDir,
    file: options.file,
    subject: {
      role: 'wallet-provider',
      name: 'Min profil wallet provider',
      host: new URL(options.walletUrl).hostname,
      url: options.walletUrl,
    },
    // The provider key that signs is the first it publishes (the oldest, provider-keys.ts).
    publicJwk: await firstKey(
      `${options.walletUrl}/.well-known/jwks.json`,
      (m) => (m as { keys?: JsonWebKey[] }).keys,
      options.fetch,
    ),
    now: options.now ?? new Date(),
  });
}
