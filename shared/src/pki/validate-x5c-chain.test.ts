import { createCa, type CertificateAuthority } from './create-ca.js';
import { createCrl, type RevokedEntry } from './create-crl.js';
import type { CrlFetcher } from './crl-fetcher.js';
import { issueCertificate } from './issue-certificate.js';
import { documentSignerKeyUsages } from './extended-key-usages.js';
import { validateX5cChain, type X509TrustAnchor } from './validate-x5c-chain.js';
import { X509ChainError } from './x509-chain-error.js';
import { certificateToBase64, ecdsaP256, generateP256KeyPair, x509 } from './x509-provider.js';

const crlUri = 'https://ca.example/crl';
const now = new Date('2026-12-05T12:00:00Z');
const day = 24 * 3600_000;

let ca: CertificateAuthority;
let anchor: X509TrustAnchor;
let serial = 0x1000;

/** The CRL a relying party would fetch: the real DER, handed over without a network. */
function crlOf(crl: x509.X509Crl): CrlFetcher {
  return async (uri) => {
    if (uri !== crlUri) throw new Error(`no CRL at ${uri}`);
    return new Uint8Array(crl.rawData);
  };
}

async function leaf(options: { host?: string; notBeforeOffsetDays?: number; validityDays?: number } = {}) {
  const keys = await generateP256KeyPair();
  const certificate = await issueCertificate(ca, {
    subject: {
      role: 'holder',
      name: 'Arbetsförmedlingen',
      host: options.host ?? 'issuer.example',
      url: `https://${options.host ?? 'issuer.example'}/af`,
    },
    publicKey: keys.publicKey,
    serialNumber: (serial++).toString(16),
    now: new Date(now.getTime() + (options.notBeforeOffsetDays ?? 0) * day),
    validityDays: options.validityDays,
    crlUri,
  });
  return { certificate, x5c: [certificateToBase64(certificate), anchor.certificate] };
}

async function crlRevoking(revoked: RevokedEntry[] = [], signer = ca) {
  return createCrl(signer, revoked, { now: new Date(now.getTime() - 3600_000) });
}

async function refusal(promise: Promise<unknown>): Promise<X509ChainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof X509ChainError)) throw new Error(`expected an X509ChainError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  ca = await createCa({ name: 'CN=Test CA, O=Min profil test', now: new Date(now.getTime() - 30 * day) });
  anchor = { certificate: certificateToBase64(ca.certificate), crl_uri: crlUri };
});

describe('validateX5cChain', () => {
  it('accepts a leaf the anchor issued, with or without the CA in x5c, and gives its key', async () => {
    const { certificate, x5c } = await leaf();
    const crlFetcher = crlOf(await crlRevoking());
    const result = await validateX5cChain(x5c, [anchor], { expectedHost: 'issuer.example', now, crlFetcher });
    expect(result.leaf.serialNumber).toBe(certificate.serialNumber);
    expect(result.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const leafOnly = await validateX5cChain(x5c.slice(0, 1), [anchor], { now, crlFetcher });
    expect(leafOnly.anchor).toBe(anchor);
  });

  it('refuses an expired leaf', async () => {
    const { x5c } = await leaf({ notBeforeOffsetDays: -20, validityDays: 10 });
    const error = await refusal(
      validateX5cChain(x5c, [anchor], { now, crlFetcher: crlOf(await crlRevoking()) }),
    );
    expect(error.code).toBe('expired');
    expect(error.message).toMatch(/expired on/);
  });

  it('refuses a leaf that is not yet valid', async () => {
    const { x5c } = await leaf({ notBeforeOffsetDays: 2 });
    const error = await refusal(
      validateX5cChain(x5c, [anchor], { now, crlFetcher: crlOf(await crlRevoking()) }),
    );
    expect(error.code).toBe('not_yet_valid');
  });

  it('refuses a leaf the CRL revokes, naming the date and reason', async () => {
    const { certificate, x5c } = await leaf();
    const crl = await crlRevoking([
      {
        serialNumber: certificate.serialNumber,
        revokedAt: new Date(now.getTime() - 60_000),
        reason: 'keyCompromise',
      },
    ]);
    const error = await refusal(validateX5cChain(x5c, [anchor], { now, crlFetcher: crlOf(crl) }));
    expect(error.code).toBe('revoked');
    expect(error.message).toMatch(/revoked on .*keyCompromise/);
  });

  it('refuses when the CRL is not signed by the CA', async () => {
    const impostor = await createCa({ name: 'CN=Test CA, O=Min profil test', now });
    const { x5c } = await leaf();
    const error = await refusal(
      validateX5cChain(x5c, [anchor], { now, crlFetcher: crlOf(await crlRevoking([], impostor)) }),
    );
    expect(error.code).toBe('crl_invalid');
    expect(error.message).toMatch(/not signed by/);
  });

  it('refuses when the CRL is past its nextUpdate, or cannot be fetched', async () => {
    const { x5c } = await leaf();
    const old = await createCrl(ca, [], { now: new Date(now.getTime() - 3 * day) });
    expect((await refusal(validateX5cChain(x5c, [anchor], { now, crlFetcher: crlOf(old) }))).code).toBe(
      'crl_stale',
    );
    const down: CrlFetcher = async () => {
      throw new Error('connection refused');
    };
    expect((await refusal(validateX5cChain(x5c, [anchor], { now, crlFetcher: down }))).code).toBe(
      'crl_unavailable',
    );
  });

  it('refuses a chain to an anchor the trust list does not name', async () => {
    const { x5c } = await leaf();
    const other = await createCa({ name: 'CN=Other CA', now: new Date(now.getTime() - day) });
    const otherAnchor = { certificate: certificateToBase64(other.certificate), crl_uri: crlUri };
    const crlFetcher = crlOf(await crlRevoking());
    expect((await refusal(validateX5cChain(x5c, [otherAnchor], { now, crlFetcher }))).code).toBe(
      'untrusted_anchor',
    );
    expect((await refusal(validateX5cChain(x5c, [], { now, crlFetcher }))).code).toBe('untrusted_anchor');
  });

  it('refuses a self-signed leaf, even one whose name copies the CA', async () => {
    const keys = await generateP256KeyPair();
    const selfSigned = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=issuer.example',
      keys,
      notBefore: new Date(now.getTime() - day),
      notAfter: new Date(now.getTime() + day),
      signingAlgorithm: ecdsaP256,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'issuer.example' }])],
    });
    const crlFetcher = crlOf(await crlRevoking());
    const error = await refusal(
      validateX5cChain([certificateToBase64(selfSigned)], [anchor], {
        expectedHost: 'issuer.example',
        now,
        crlFetcher,
      }),
    );
    expect(error.code).toBe('self_signed_leaf');
    // The CA certificate itself presented as a leaf is self-signed too.
    expect((await refusal(validateX5cChain([anchor.certificate], [anchor], { now, crlFetcher }))).code).toBe(
      'self_signed_leaf',
    );
  });

  it('refuses a leaf whose SAN does not name the expected host', async () => {
    const { x5c } = await leaf({ host: 'issuer.example' });
    const error = await refusal(
      validateX5cChain(x5c, [anchor], {
        expectedHost: 'evil.example',
        now,
        crlFetcher: crlOf(await crlRevoking()),
      }),
    );
    expect(error.code).toBe('san_mismatch');
    expect(error.message).toMatch(/evil\.example/);
  });

  it('refuses a leaf signed with another key under the CA name, and x5c that is not certificates', async () => {
    const forger = await createCa({
      name: 'CN=Test CA, O=Min profil test',
      now: new Date(now.getTime() - day),
    });
    const keys = await generateP256KeyPair();
    const forged = await issueCertificate(forger, {
      subject: { role: 'holder', name: 'Forged', host: 'issuer.example' },
      publicKey: keys.publicKey,
      serialNumber: 'abcd',
      now,
      crlUri,
    });
    const crlFetcher = crlOf(await crlRevoking());
    expect(
      (await refusal(validateX5cChain([certificateToBase64(forged)], [anchor], { now, crlFetcher }))).code,
    ).toBe('untrusted_anchor');
    expect((await refusal(validateX5cChain(['not base64!'], [anchor], { now, crlFetcher }))).code).toBe(
      'invalid_chain',
    );
    expect((await refusal(validateX5cChain([], [anchor], { now, crlFetcher }))).code).toBe('invalid_chain');
  });

  it('refuses a CA certificate used as a leaf, a leaf without digitalSignature or with an unknown critical extension', async () => {
    const keys = await generateP256KeyPair();
    const make = (extensions: x509.Extension[]) =>
      x509.X509CertificateGenerator.create({
        serialNumber: (serial++).toString(16),
        subject: 'CN=issuer.example',
        issuer: ca.certificate.subjectName,
        notBefore: new Date(now.getTime() - day),
        notAfter: new Date(now.getTime() + day),
        publicKey: keys.publicKey,
        signingKey: ca.privateKey,
        signingAlgorithm: ecdsaP256,
        extensions,
      });
    const crlFetcher = crlOf(await crlRevoking());
    const subCa = await make([
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
    ]);
    expect(
      (await refusal(validateX5cChain([certificateToBase64(subCa)], [anchor], { now, crlFetcher }))).code,
    ).toBe('basic_constraints');
    const encipherOnly = await make([new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyAgreement, true)]);
    expect(
      (await refusal(validateX5cChain([certificateToBase64(encipherOnly)], [anchor], { now, crlFetcher })))
        .code,
    ).toBe('key_usage');
    // A critical extension nobody here processes (name constraints) makes the certificate unusable.
    const constrained = await make([
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.Extension('2.5.29.30', true, new Uint8Array([0x30, 0x00])),
    ]);
    const unknown = await refusal(
      validateX5cChain([certificateToBase64(constrained)], [anchor], { now, crlFetcher }),
    );
    expect(unknown.code).toBe('invalid_chain');
    expect(unknown.message).toMatch(/critical extension 2\.5\.29\.30/);
  });

  it('accepts a critical extended key usage for a use it lists (the EUDI PID document signer), refuses it otherwise', async () => {
    const keys = await generateP256KeyPair();
    // The profile of the EUDI reference PID's signer: critical keyUsage and critical EKU.
    const make = (usages: string[], critical: boolean) =>
      x509.X509CertificateGenerator.create({
        serialNumber: (serial++).toString(16),
        subject: 'CN=PID DS, O=Test',
        issuer: ca.certificate.subjectName,
        notBefore: new Date(now.getTime() - day),
        notAfter: new Date(now.getTime() + day),
        publicKey: keys.publicKey,
        signingKey: ca.privateKey,
        signingAlgorithm: ecdsaP256,
        extensions: [
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension(usages, critical),
          new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'issuer.example' }]),
        ],
      });
    const crlFetcher = crlOf(await crlRevoking());
    const pidSigner = [certificateToBase64(await make(['1.3.130.2.0.0.1.2'], true))];
    const asDocumentSigner = { now, crlFetcher, extendedKeyUsages: documentSignerKeyUsages };
    await expect(validateX5cChain(pidSigner, [anchor], asDocumentSigner)).resolves.toMatchObject({
      publicJwk: { kty: 'EC', crv: 'P-256' },
    });
    // The ISO 18013-5 mDL document signer purpose counts too.
    const mdlSigner = [certificateToBase64(await make(['1.0.18013.5.1.2'], true))];
    await expect(validateX5cChain(mdlSigner, [anchor], asDocumentSigner)).resolves.toBeDefined();
    // For a use that names no purpose (a request object, an attestation) the restriction refuses it.
    const elsewhere = await refusal(validateX5cChain(pidSigner, [anchor], { now, crlFetcher }));
    expect(elsewhere.code).toBe('key_usage');
    expect(elsewhere.message).toMatch(/critical extended key usage to 1\.3\.130\.2\.0\.0\.1\.2/);
    // A purpose outside the profile (TLS server) is refused even for a document signer.
    const tlsOnly = [certificateToBase64(await make(['1.3.6.1.5.5.7.3.1'], true))];
    expect((await refusal(validateX5cChain(tlsOnly, [anchor], asDocumentSigner))).code).toBe('key_usage');
    // anyExtendedKeyUsage, and a non-critical (advisory) EKU, do not restrict.
    const any = [certificateToBase64(await make(['2.5.29.37.0'], true))];
    await expect(validateX5cChain(any, [anchor], { now, crlFetcher })).resolves.toBeDefined();
    const advisory = [certificateToBase64(await make(['1.3.6.1.5.5.7.3.1'], false))];
    await expect(validateX5cChain(advisory, [anchor], asDocumentSigner)).resolves.toBeDefined();
  });
});
