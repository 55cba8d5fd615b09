import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  caExists,
  caFiles,
  loadCa,
  loadCaCertificate,
  loadCaState,
  saveCa,
  saveCaState,
  writePrivate,
} from './ca-folder.js';
import { createCa, type CertificateAuthority } from './create-ca.js';
import { createCrl } from './create-crl.js';
import { issueCertificate, type LeafSubject } from './issue-certificate.js';
import type { X509TrustAnchor } from './validate-x5c-chain.js';
import {
  zRevocationReason,
  type CaState,
  type IssuedCertificate,
  type RevocationReason,
} from './z-ca-state.js';
import {
  certificateToBase64,
  exportJwk,
  generateP256KeyPair,
  importP256PublicKey,
  x509,
} from './x509-provider.js';
import type { CryptoKey, JsonWebKey } from './x509-provider.js';

/**
 * The demo CA's lifecycle over its folder (docs/pki.md): `npm run ca -- <command>` calls these.
 * Every command that changes what is revoked publishes a fresh CRL at once.
 */

/** A positive 128-bit serial (RFC 5280 §4.1.2.2: unique per CA, at most 20 octets). */
function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x10;
  return bytes.toString('hex');
}

async function publishCrl(
  dir: string,
  ca: CertificateAuthority,
  state: CaState,
  now: Date,
): Promise<x509.X509Crl> {
  const revoked = state.issued.flatMap((c) =>
    c.revoked_at
      ? [
          {
            serialNumber: c.serial,
            revokedAt: new Date(c.revoked_at),
            reason: c.revocation_reason ?? 'unspecified',
          },
        ]
      : [],
  );
  const crl = await createCrl(ca, revoked, { now });
  writePrivate(dir, caFiles.crl, new Uint8Array(crl.rawData));
  return crl;
}

export async function initCa(options: {
  dir: string;
  name?: string;
  crlUri?: string;
  validityDays?: number;
  now?: Date;
}): Promise<x509.X509Certificate> {
  if (caExists(options.dir)) throw new Error(`${options.dir} already holds a CA`);
  const now = options.now ?? new Date();
  const ca = await createCa({
    name: options.name ?? 'CN=Min profil demo CA, O=Min profil demo',
    validityDays: options.validityDays,
    now,
  });
  saveCa(options.dir, ca);
  const state: CaState = { version: 1, ...(options.crlUri ? { crl_uri: options.crlUri } : {}), issued: [] };
  saveCaState(options.dir, state);
  await publishCrl(options.dir, ca, state, now);
  return ca.certificate;
}

export interface IssueResult {
  issued: IssuedCertificate;
  /** Leaf first, then the CA: what the entity puts in its `x5c` header. */
  x5c: string[];
  /** Present when the CA generated the key (no public key was given). */
  privateJwk?: JsonWebKey;
}

async function issueInto(
  dir: string,
  ca: CertificateAuthority,
  state: CaState,
  options: {
    subject: LeafSubject;
    publicJwk?: JsonWebKey;
    validityDays?: number;
    now: Date;
    keyFile?: string;
  },
): Promise<IssueResult> {
  const serial = newSerial();
  let privateJwk: JsonWebKey | undefined;
  let publicKey: CryptoKey;
  if (options.publicJwk) {
    publicKey = await importP256PublicKey(options.publicJwk);
  } else {
    const keys = await generateP256KeyPair();
    publicKey = keys.publicKey;
    privateJwk = await exportJwk(keys.privateKey);
  }
  const certificate = await issueCertificate(ca, {
    subject: options.subject,
    publicKey,
    serialNumber: serial,
    validityDays: options.validityDays,
    now: options.now,
    crlUri: state.crl_uri,
  });
  const keyFile = privateJwk ? `${serial}.key.json` : options.keyFile;
  if (privateJwk) writePrivate(dir, `${serial}.key.json`, JSON.stringify(privateJwk));
  const x5c = [certificateToBase64(certificate), certificateToBase64(ca.certificate)];
  writePrivate(dir, `${serial}.x5c.json`, `${JSON.stringify({ x5c }, null, 2)}\n`);
  const issued: IssuedCertificate = {
    serial,
    role: options.subject.role,
    name: options.subject.name,
    host: options.subject.host,
    ...(options.subject.url ? { url: options.subject.url } : {}),
    not_before: certificate.notBefore.toISOString(),
    not_after: certificate.notAfter.toISOString(),
    certificate: x5c[0],
    ...(keyFile ? { key_file: keyFile } : {}),
  };
  state.issued.push(issued);
  return { issued, x5c, ...(privateJwk ? { privateJwk } : {}) };
}

export async function issueLeaf(options: {
  dir: string;
  subject: LeafSubject;
  /** The entity's public key; without it the CA generates a key pair and keeps the private key in its folder. */
  publicJwk?: JsonWebKey;
  validityDays?: number;
  now?: Date;
}): Promise<IssueResult> {
  const ca = await loadCa(options.dir);
  const state = loadCaState(options.dir);
  const result = await issueInto(options.dir, ca, state, { ...options, now: options.now ?? new Date() });
  saveCaState(options.dir, state);
  return result;
}

function findIssued(state: CaState, serial: string): IssuedCertificate {
  const issued = state.issued.find((c) => c.serial === serial.toLowerCase());
  if (!issued) throw new Error(`the CA issued no certificate with serial ${serial}`);
  return issued;
}

function markRevoked(issued: IssuedCertificate, reason: RevocationReason, now: Date): void {
  if (issued.revoked_at) throw new Error(`the certificate ${issued.serial} is already revoked`);
  issued.revoked_at = now.toISOString();
  issued.revocation_reason = reason;
}

/**
 * A new certificate for the same entity, and the old one revoked as `superseded`. With
 * `newKey` (or a new `publicJwk`) it is a key rotation: the new certificate certifies the new
 * key; otherwise it certifies the same key for a new validity period.
 */
export async function renewLeaf(options: {
  dir: string;
  serial: string;
  newKey?: boolean;
  publicJwk?: JsonWebKey;
  validityDays?: number;
  now?: Date;
}): Promise<IssueResult> {
  const now = options.now ?? new Date();
  const ca = await loadCa(options.dir);
  const state = loadCaState(options.dir);
  const old = findIssued(state, options.serial);
  if (old.revoked_at) throw new Error(`the certificate ${old.serial} is revoked; issue a new one instead`);
  const rotating = options.newKey === true || options.publicJwk !== undefined;
  const publicJwk = rotating
    ? options.publicJwk
    : await exportJwk(
        await new x509.X509Certificate(Buffer.from(old.certificate, 'base64')).publicKey.export(),
      );
  const subject: LeafSubject = {
    role: old.role,
    name: old.name,
    host: old.host,
    ...(old.url ? { url: old.url } : {}),
  };
  const result = await issueInto(options.dir, ca, state, {
    subject,
    publicJwk,
    validityDays: options.validityDays,
    now,
    keyFile: rotating ? undefined : old.key_file,
  });
  markRevoked(old, 'superseded', now);
  old.replaced_by = result.issued.serial;
  saveCaState(options.dir, state);
  await publishCrl(options.dir, ca, state, now);
  return result;
}

export async function revokeLeaf(options: {
  dir: string;
  serial: string;
  /** Checked here: the CLI passes what a person typed. */
  reason?: RevocationReason | string;
  now?: Date;
}): Promise<IssuedCertificate> {
  const now = options.now ?? new Date();
  const ca = await loadCa(options.dir);
  const state = loadCaState(options.dir);
  const issued = findIssued(state, options.serial);
  const reason = zRevocationReason.safeParse(options.reason ?? 'unspecified');
  if (!reason.success) throw new Error(`the reason must be one of ${zRevocationReason.options.join(', ')}`);
  markRevoked(issued, reason.data, now);
  saveCaState(options.dir, state);
  await publishCrl(options.dir, ca, state, now);
  return issued;
}

/** A fresh CRL (same entries, new thisUpdate/nextUpdate): run it well before the last one's nextUpdate. */
export async function refreshCrl(options: { dir: string; now?: Date }): Promise<x509.X509Crl> {
  const ca = await loadCa(options.dir);
  return publishCrl(options.dir, ca, loadCaState(options.dir), options.now ?? new Date());
}

/** The CA as the trust list names it (`x509_trust_anchors`). */
export function caTrustAnchor(dir: string): X509TrustAnchor {
  const state = loadCaState(dir);
  return {
    certificate: certificateToBase64(loadCaCertificate(dir)),
    ...(state.crl_uri ? { crl_uri: state.crl_uri } : {}),
  };
}

export function readCrl(dir: string): Buffer {
  return readFileSync(join(dir, caFiles.crl));
}
