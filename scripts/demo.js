#!/usr/bin/env node
// Starts the whole Min profil demo on the embedded default (SQLite files and generated keys
// under ./data): the test eID provider, the issuer with its four data holders and the demo PID provider, the verifier
// with its three consumers and the wallet, each as its own process. Then it builds and signs
// the trust list from what the services publish, and prints every URL a person opens.
// Run it through `npm run demo` (which builds first).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildTrustList,
  fetchTrustedIssuer,
  fetchWalletProvider,
} from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { signTrustList } from '@min-profil/shared/trust-list/sign-trust-list';
import { readServiceAddress } from '@min-profil/shared/config';
import { createPrivateKey } from 'node:crypto';
import express from 'express';
import { caTrustAnchor, initCa, issueLeaf, refreshCrl } from '@min-profil/shared/pki/ca-commands';
import { caExists } from '@min-profil/shared/pki/ca-folder';
import { certifyIssuerHolders, certifyWalletProvider } from '@min-profil/shared/pki/certify-demo-keys';
import { issueRegistrationCertificates } from '@min-profil/shared/registration/issue-registration-certificates';
import { caPublicationRouter } from '@min-profil/shared/pki/ca-publication';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(process.env.DATA_DIR ?? join(root, 'data'));
// Databases and secrets live here: owner only (each service also checks this on start).
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
chmodSync(dataDir, 0o700);

// WebAuthn (the wallet's passkeys, docs/passkeys.md) needs a domain, not an IP address: the
// demo serves the wallet at http://localhost:3000, a secure context for browsers. Redirect URIs,
// eID client registrations and the trust list follow WALLET_BASE_URL.
process.env.WALLET_BASE_URL ??= `http://localhost:${readServiceAddress('wallet').port}`;

const urls = {
  wallet: readServiceAddress('wallet').baseUrl,
  issuer: readServiceAddress('issuer').baseUrl,
  verifier: readServiceAddress('verifier').baseUrl,
  eid: readServiceAddress('eid').baseUrl,
};
// The five registers (Bolagsverket with Mina ombud, issue #21) and the demo PID provider (issue #20).
const holders = ['af', 'skatteverket', 'migrationsverket', 'skola', 'bolagsverket', 'ombud', 'pid'];

/** Demo-wide secrets, generated once and kept in ./data. */
function loadJson(file, create) {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const value = create();
  writeFileSync(file, JSON.stringify(value, null, 2), { mode: 0o600 });
  return value;
}
const demoSecretsFile = join(dataDir, 'demo-secrets.json');
const demoSecrets = loadJson(demoSecretsFile, () => ({
  issuerEidClientSecret: randomBytes(24).toString('base64url'),
}));
// Signing-key rotation is a privilege of its own: one key per holder, apart from the staff key.
if (!demoSecrets.issuerKeyRotationKeys) {
  demoSecrets.issuerKeyRotationKeys = Object.fromEntries(
    holders.map((h) => [h, randomBytes(32).toString('base64url')]),
  );
  writeFileSync(demoSecretsFile, JSON.stringify(demoSecrets, null, 2), { mode: 0o600 });
}
const operator = loadJson(join(dataDir, 'trust-list-operator.json'), () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'jwk' });
});
const operatorPublic = {
  kty: operator.kty,
  crv: operator.crv,
  x: operator.x,
  y: operator.y,
  kid: 'operator-1',
};
const operatorPublicFile = join(dataDir, 'trust-list-operator.pub.json');
writeFileSync(operatorPublicFile, JSON.stringify(operatorPublic, null, 2));
const trustListFile = join(dataDir, 'trust-list.jwt');
// The services refuse a list past its next_update (docs/trust-list.md), so the demo publishes a
// fresh one well before that while it runs.
const validityHours = Number(process.env.TRUST_LIST_VALIDITY_HOURS ?? 24);
const sequenceFile = join(dataDir, 'trust-list-sequence.json');

/** Each list's sequence is higher than any before, across demo restarts: rollback protection. */
function nextSequence() {
  const last = existsSync(sequenceFile) ? JSON.parse(readFileSync(sequenceFile, 'utf8')).sequence : 0;
  const sequence = Math.max(last + 1, Date.now());
  writeFileSync(sequenceFile, JSON.stringify({ sequence }), { mode: 0o600 });
  return sequence;
}

// The demo CA (docs/pki.md): made once in ./data/ca, its certificate named in the trust list, its
// CRL served at CA_PORT (default 3004) and refreshed with each list. `npm run ca -- …` issues,
// renews and revokes certificates in the same folder while the demo runs.
const caDir = join(dataDir, 'ca');
const caPort = Number(process.env.CA_PORT ?? 3004);
const caBaseUrl = `http://127.0.0.1:${caPort}/ca`;
if (!caExists(caDir)) await initCa({ dir: caDir, crlUri: `${caBaseUrl}/crl` });
else await refreshCrl({ dir: caDir });
// Each holder's signing key certified by the demo CA, so its credentials and status lists carry
// an x5c chain beside the kid (docs/issuer.md "Signed with x5c"); the issuer reads this folder.
const certificatesDir = join(dataDir, 'issuer-certificates');
async function certifyHolders() {
  const results = await certifyIssuerHolders({
    caDir,
    certificatesDir,
    issuerBaseUrl: urls.issuer,
    holderIds: holders,
  });
  for (const r of results.filter((r) => r.outcome !== 'kept'))
    console.log(`demo CA: ${r.outcome} the certificate of ${r.holderId}'s signing key (serial ${r.serial})`);
}
// The wallet provider's key certified too: it signs the key attestations in the wallet's proofs.
const walletProviderCertificate = join(dataDir, 'wallet-provider.x5c.json');
async function certifyProvider() {
  const r = await certifyWalletProvider({ caDir, file: walletProviderCertificate, walletUrl: urls.wallet });
  if (r.outcome !== 'kept')
    console.log(`demo CA: ${r.outcome} the wallet provider's certificate (serial ${r.serial})`);
}

// Each consumer with an x509 client identifier gets an access certificate from the demo CA for
// the key it already signs its request objects with (its public key from /api/consumers): the
// private key stays in the verifier's KMS, and its did:web and its certificate name the same key.
const accessCertificatesFile = join(dataDir, 'verifier-access-certificates.json');
const registrationCertificatesFile = join(dataDir, 'verifier-registration-certificates.json');
async function issueAccessCertificates() {
  const { consumers } = await (await fetch(`${urls.verifier}/api/consumers`)).json();
  const installed = existsSync(accessCertificatesFile)
    ? JSON.parse(readFileSync(accessCertificatesFile, 'utf8'))
    : {};
  let changed = false;
  for (const consumer of consumers) {
    if (consumer.client_id_prefix === 'decentralized_identifier') continue;
    const { kty, crv, x, y } = consumer.jwks.keys[0];
    // Issued once per key; a new verifier database (a new key) gets a new certificate.
    if (installed[consumer.id]?.certified_key?.x === x) continue;
    const { x5c, issued } = await issueLeaf({
      dir: caDir,
      subject: {
        role: 'verifier',
        name: consumer.name.sv,
        host: new URL(urls.verifier).hostname,
        url: `${urls.verifier}/consumers/${consumer.id}`,
      },
      publicJwk: { kty, crv, x, y },
    });
    installed[consumer.id] = { x5c, serial: issued.serial, certified_key: { x, y } };
    changed = true;
  }
  if (!changed) return;
  writeFileSync(`${accessCertificatesFile}.tmp`, JSON.stringify(installed, null, 2), { mode: 0o600 });
  renameSync(`${accessCertificatesFile}.tmp`, accessCertificatesFile);
}

const eidClients = [
  {
    client_id: 'min-profil-issuer',
    client_name: 'Min profil – utfärdare',
    client_secret: demoSecrets.issuerEidClientSecret,
    redirect_uris: holders.map((h) => `${urls.issuer}/${h}/eid/callback`),
  },
  {
    client_id: 'min-profil-wallet',
    client_name: 'Min profil – plånbok',
    token_endpoint_auth_method: 'none',
    redirect_uris: [`${urls.wallet}/auth/callback`],
  },
];

const env = {
  ...process.env,
  DATA_DIR: dataDir,
  ALLOW_INSECURE_URLS: '1',
  // Plain http for the demo, but loopback only for the demo's own services: a link, DID or
  // callback naming any other local port is refused, as in a deployment (docs/outbound-requests.md).
  OUTBOUND_ALLOWED_ORIGINS:
    process.env.OUTBOUND_ALLOWED_ORIGINS ??
    [...Object.values(urls), caBaseUrl].map((u) => new URL(u).origin).join(','),
  VERIFIER_DEMO_PAGES: '1',
  WALLET_DEMO_OUTBOX: '1',
  EID_CLIENTS: JSON.stringify(eidClients),
  ISSUER_EID_CLIENT_SECRET: demoSecrets.issuerEidClientSecret,
  ISSUER_KEY_ROTATION_KEYS: Object.entries(demoSecrets.issuerKeyRotationKeys)
    .map(([h, key]) => `${h}:${key}`)
    .join(','),
  ISSUER_CERTIFICATES_DIR: certificatesDir,
  WALLET_PROVIDER_CERTIFICATE_FILE: walletProviderCertificate,
  TRUST_LIST_FILE: trustListFile,
  TRUST_LIST_OPERATOR_JWK: operatorPublicFile,
  // HAIP 1.0: the university identifies itself by its access certificate (x509_hash), the
  // others by their did:web (docs/verifier.md, "Client identifiers").
  VERIFIER_CLIENT_ID_PREFIXES: process.env.VERIFIER_CLIENT_ID_PREFIXES ?? 'university:x509_hash',
  // HAIP 1.0 presentation too: direct_post.jwt by default, a KB-JWT for every bound credential
  // (docs/verifier.md, "Profiles"). The other consumers keep the OpenID4VP defaults.
  VERIFIER_CONSUMER_PROFILES: process.env.VERIFIER_CONSUMER_PROFILES ?? 'university:haip',
  VERIFIER_ACCESS_CERTIFICATES: accessCertificatesFile,
  VERIFIER_REGISTRATION_CERTIFICATES: registrationCertificatesFile,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

const children = [];
function start(name) {
  const main = join(root, name, 'dist', 'main.js');
  if (!existsSync(main)) {
    console.log(`(${name} is not built yet; skipping)`);
    return false;
  }
  const child = spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) =>
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) out.write(`[${name}] ${line}\n`);
    });
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[${name}] stopped (exit ${code}); stopping the demo`);
      stop(1);
    }
  });
  children.push(child);
  return true;
}

async function waitFor(url, name) {
  for (let i = 0; i < 150; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not start (${url})`);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function publishTrustList(hasVerifier, hasWallet) {
  const issuers = await Promise.all(
    holders.map((id) => fetchTrustedIssuer({ id, credentialIssuer: `${urls.issuer}/${id}` })),
  );
  const consumers = hasVerifier
    ? (await (await fetch(`${urls.verifier}/api/consumers`)).json()).consumers
    : [];
  // The wallet provider's key makes its e-mail and phone verifications count at consumers; its
  // client_id and redirect URI (from /.well-known/wallet-client) make it a registered wallet at
  // the holders, the only client their authorization endpoints send codes to.
  const walletProviders = hasWallet
    ? [
        await fetchWalletProvider({
          id: 'min-profil-wallet',
          name: { sv: 'Min profil plånbok (demo)', en: 'Min profil wallet (demo)' },
          walletUrl: urls.wallet,
        }),
      ]
    : [];
  const trustList = buildTrustList({
    operator: 'Min profil demo trust-list operator',
    issuers,
    consumers,
    registrations: demoRegistrations.filter((r) => consumers.some((c) => c.id === r.consumerId)),
    walletProviders,
    sequence: nextSequence(),
    nextUpdate: new Date(Date.now() + validityHours * 3600_000),
    operatorKeys: [operatorPublic],
    x509TrustAnchors: [caTrustAnchor(caDir)],
  });
  const jws = await signTrustList({
    trustList,
    privateKey: createPrivateKey({ key: operator, format: 'jwk' }),
    kid: operatorPublic.kid,
  });
  // Written whole and renamed into place: a service never reads half a list.
  writeFileSync(`${trustListFile}.tmp`, jws);
  renameSync(`${trustListFile}.tmp`, trustListFile);
  // The registrar (a leaf of the demo CA) certifies what the list registers for each consumer;
  // the verifier sends them in verifier_info (docs/verifier.md "Registration certificates").
  if (hasVerifier) {
    const certificates = await issueRegistrationCertificates({
      caDir,
      registrarHost: new URL(urls.verifier).hostname,
      consumers: trustList.consumers,
    });
    writeFileSync(`${registrationCertificatesFile}.tmp`, JSON.stringify(certificates, null, 2), {
      mode: 0o600,
    });
    renameSync(`${registrationCertificatesFile}.tmp`, registrationCertificatesFile);
  }
}

const caServer = express().use('/ca', caPublicationRouter(caDir)).listen(caPort, '127.0.0.1');
caServer.on('error', (err) => {
  console.error(`the demo CA's CRL cannot be served on port ${caPort} (CA_PORT): ${err.message}`);
  stop(1);
});
caServer.unref();

start('eid');
await waitFor(`${urls.eid}/.well-known/openid-configuration`, 'eID provider');
start('issuer');
await waitFor(`${urls.issuer}/health/ready`, 'issuer');
await certifyHolders();
const hasVerifier = start('verifier');
if (hasVerifier) {
  await waitFor(`${urls.verifier}/health/live`, 'verifier');
  await issueAccessCertificates();
}
await publishTrustList(hasVerifier, false);
const hasWallet = start('wallet');
if (hasWallet) {
  await waitFor(`${urls.wallet}/health/live`, 'wallet');
  await certifyProvider();
  // Once more with the wallet provider's key; the services reload the file when it changes.
  await publishTrustList(hasVerifier, true);
}
const republish = setInterval(
  () => {
    // One after the other: both write the CA's CRL. A holder key rotated since
    // (POST /{h}/admin/keys/rotate) gets its certificate here.
    refreshCrl({ dir: caDir })
      .then(certifyHolders)
      .catch((err) => {
        console.error(`CRL or holder certificates not renewed: ${err instanceof Error ? err.message : err}`);
      });
    publishTrustList(hasVerifier, hasWallet).catch((err) => {
      console.error(`trust list not republished: ${err instanceof Error ? err.message : err}`);
    });
  },
  (validityHours * 3600_000) / 4,
);
republish.unref();

console.log(`
Min profil is running (data and keys in ${dataDir}).
${hasWallet ? `  Plånboken (the citizen's wallet):   ${urls.wallet}\n  Demo-brevlåda (codes sent by e-mail/SMS): ${urls.wallet}/demo/outbox\n` : ''}  Test-eID (sign in as a demo person): ${urls.eid}
  Utfärdare (data holders):            ${urls.issuer}
${holders.map((h) => `    ${h.padEnd(18)} ${urls.issuer}/.well-known/openid-credential-issuer/${h}`).join('\n')}
${
  hasVerifier
    ? `  Försäkringsbolaget (insurer):        ${urls.verifier}/insurer
  Universitetet (university):          ${urls.verifier}/university
  Arbetsförmedlingen praktik:          ${urls.verifier}/af-praktik
  Godkänn praktikavtal (approve):      ${urls.verifier}/af-praktik/approve
  Bekräfta skadeanmälan (approve):     ${urls.verifier}/insurer/approve
  Kontaktuppgifter (standing permissions): ${urls.verifier}/school, ${urls.verifier}/municipality,
                                       ${urls.verifier}/forsakringskassan
  Företag och ombud (companies, agents): ${urls.verifier}/municipality-permits\n`
    : ''
}  Trust list:                          ${trustListFile}
  Demo CA (npm run ca -- list):        ${caDir}, CRL ${caTrustAnchor(caDir).crl_uri}
  Staff keys: the issuer's line above (every holder; ISSUER_API_KEYS sets one per holder);
    key rotation: issuerKeyRotationKeys in ${demoSecretsFile}
Demo people: 19121212-1212 Tolvan Tolvansson, 20050315-2381 Alva Lindqvist,
  19880624-4417 Samir Haddad, 19920478-1539 Lucía Fernández (coordination number), 19701108-2232 Karin Berg.
Press Ctrl-C to stop.`);
