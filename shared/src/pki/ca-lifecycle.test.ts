import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caTrustAnchor, initCa, issueLeaf, readCrl, renewLeaf, revokeLeaf } from './ca-commands.js';
import { loadCaState } from './ca-folder.js';
import type { CrlFetcher } from './crl-fetcher.js';
import { validateX5cChain } from './validate-x5c-chain.js';
import { X509ChainError } from './x509-chain-error.js';

const crlUri = 'https://ca.example/crl';
let dir: string;
/** The CRL the CA's folder holds now, as its publication endpoint would serve it. */
const currentCrl: CrlFetcher = async () => new Uint8Array(readCrl(dir));

async function codeOf(x5c: string[], host?: string): Promise<string> {
  return validateX5cChain(x5c, [caTrustAnchor(dir)], { expectedHost: host, crlFetcher: currentCrl }).then(
    () => 'valid',
    (error: unknown) => (error instanceof X509ChainError ? error.code : `unexpected: ${String(error)}`),
  );
}

beforeEach(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'ca-')), 'ca');
  await initCa({ dir, crlUri });
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('the demo CA folder', () => {
  it('keeps its key and state owner-only, and refuses a second init', async () => {
    await issueLeaf({
      dir,
      subject: { role: 'verifier', name: 'Försäkringsbolaget', host: 'verifier.example' },
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(dir))
      expect([file, statSync(join(dir, file)).mode & 0o777]).toEqual([file, 0o600]);
    await expect(initCa({ dir })).rejects.toThrow(/already holds a CA/);
  });

  it('issues a certificate for a holder that validates for its host only', async () => {
    const { x5c, privateJwk, issued } = await issueLeaf({
      dir,
      subject: {
        role: 'holder',
        name: 'Skatteverket',
        host: 'issuer.example',
        url: 'https://issuer.example/skatteverket',
      },
    });
    expect(privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
    expect(issued.key_file).toBe(`${issued.serial}.key.json`);
    expect(await codeOf(x5c, 'issuer.example')).toBe('valid');
    expect(await codeOf(x5c, 'verifier.example')).toBe('san_mismatch');
  });

  it('renews: the new certificate is valid for the same key and the old one is revoked', async () => {
    const first = await issueLeaf({
      dir,
      subject: { role: 'wallet-provider', name: 'Min profil', host: 'wallet.example' },
    });
    const renewed = await renewLeaf({ dir, serial: first.issued.serial });
    expect(await codeOf(renewed.x5c, 'wallet.example')).toBe('valid');
    expect(await codeOf(first.x5c, 'wallet.example')).toBe('revoked');
    const state = loadCaState(dir);
    expect(state.issued.find((c) => c.serial === first.issued.serial)).toMatchObject({
      revocation_reason: 'superseded',
      replaced_by: renewed.issued.serial,
    });
    // Same key, same key file: the entity keeps signing with what it has.
    expect(renewed.privateJwk).toBeUndefined();
    expect(renewed.issued.key_file).toBe(first.issued.key_file);
    const leafKey = async (x5c: string[]) =>
      (await validateX5cChain(x5c, [caTrustAnchor(dir)], { crlFetcher: currentCrl })).publicJwk;
    expect((await leafKey(renewed.x5c)).x).toBe(first.privateJwk?.x);
    await expect(renewLeaf({ dir, serial: first.issued.serial })).rejects.toThrow(/revoked/);
  });

  it('rotating a holder key issues a new certificate for the new key and revokes the old one', async () => {
    const first = await issueLeaf({ dir, subject: { role: 'holder', name: 'AF', host: 'issuer.example' } });
    const rotated = await renewLeaf({ dir, serial: first.issued.serial, newKey: true });
    expect(rotated.issued.serial).not.toBe(first.issued.serial);
    expect(rotated.privateJwk?.x).not.toBe(first.privateJwk?.x);
    expect(rotated.issued).toMatchObject({ role: 'holder', name: 'AF', host: 'issuer.example' });
    const { publicJwk } = await validateX5cChain(rotated.x5c, [caTrustAnchor(dir)], {
      expectedHost: 'issuer.example',
      crlFetcher: currentCrl,
    });
    expect(publicJwk.x).toBe(rotated.privateJwk?.x);
    expect(await codeOf(first.x5c, 'issuer.example')).toBe('revoked');
  });

  it('revokes a certificate with a reason; others stay valid', async () => {
    const a = await issueLeaf({ dir, subject: { role: 'verifier', name: 'A', host: 'a.example' } });
    const b = await issueLeaf({ dir, subject: { role: 'verifier', name: 'B', host: 'b.example' } });
    await revokeLeaf({ dir, serial: a.issued.serial, reason: 'keyCompromise' });
    expect(await codeOf(a.x5c)).toBe('revoked');
    expect(await codeOf(b.x5c)).toBe('valid');
    await expect(revokeLeaf({ dir, serial: a.issued.serial })).rejects.toThrow(/already revoked/);
    await expect(revokeLeaf({ dir, serial: 'ffff' })).rejects.toThrow(/no certificate with serial/);
  });
});
