import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { Pkcs11Token } from '@min-profil/shared/signing/pkcs11-token';
import { createSoftHsmToken } from '@min-profil/shared/testing/softhsm-token';
import { verifyTrustListWithKeys } from '@min-profil/shared/trust-list/sign-trust-list';
import { noteUnavailable } from './system/unavailable.js';

const run = promisify(execFile);

// The trust-list operator's key in a SoftHSM2 token, driven through `npm run trust-list:sign`'s script.
const softhsm = await createSoftHsmToken('operator');
if (!softhsm.ok) noteUnavailable('the trust-list operator key in an HSM (SoftHSM2)', softhsm.why);
const withToken = softhsm.ok ? describe : describe.skip;

withToken('the trust-list operator key in a PKCS#11 token (SoftHSM2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'min-profil-operator-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function sign(args: string[]) {
    if (!softhsm.ok) throw new Error(softhsm.why);
    return run(process.execPath, [join(process.cwd(), 'scripts', 'trust-list-sign.js'), ...args], {
      cwd: dir,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        TRUST_LIST_PKCS11_MODULE: softhsm.config.module,
        TRUST_LIST_PKCS11_TOKEN_LABEL: softhsm.config.tokenLabel,
        TRUST_LIST_PKCS11_PIN: softhsm.config.pin,
      },
    });
  }

  it('generates the key inside the token and signs lists there that verify with its public half', async () => {
    if (!softhsm.ok) throw new Error(softhsm.why);
    const generated = await sign([
      '--pkcs11-generate',
      '--kid',
      'operator-hsm-1',
      '--public-out',
      'op.pub.json',
    ]);
    const id = /--pkcs11-key ([0-9a-f]+)/.exec(generated.stdout)?.[1];
    expect(id).toBeDefined();
    const publicJwk = JSON.parse(readFileSync(join(dir, 'op.pub.json'), 'utf8')) as JWK;
    expect(publicJwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
      kid: 'operator-hsm-1',
    });
    // The token holds it (this process opens the same token to look).
    const token = await Pkcs11Token.open(softhsm.config);
    try {
      expect((await token.listKeys()).map((k) => k.id)).toContain(id);
    } finally {
      token.close();
    }

    writeFileSync(
      join(dir, 'content.json'),
      JSON.stringify({ operator: 'HSM operator', issuers: [], consumers: [] }),
    );
    const signed = await sign([
      '--list',
      'content.json',
      '--pkcs11-key',
      id!,
      '--kid',
      'operator-hsm-1',
      '--out',
      'list.jwt',
    ]);
    expect(signed.stdout).toMatch(/signed trust list sequence \d+ with operator-hsm-1/);
    const jws = readFileSync(join(dir, 'list.jwt'), 'utf8');
    const verified = await verifyTrustListWithKeys({ jws, keys: [publicJwk] });
    expect(verified.list).toMatchObject({
      version: 2,
      operator: 'HSM operator',
      operator_keys: { keys: [publicJwk] },
    });
    // Another key does not verify it: the token's key signed it.
    await sign(['--pkcs11-generate', '--kid', 'operator-hsm-2', '--public-out', 'op2.pub.json']);
    const other = JSON.parse(readFileSync(join(dir, 'op2.pub.json'), 'utf8')) as JWK;
    await expect(
      verifyTrustListWithKeys({ jws, keys: [{ ...other, kid: 'operator-hsm-1' }] }),
    ).rejects.toThrow(/does not verify/);
  });
});
