import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import { inProcessSigner } from '@min-profil/shared/signing/in-process-signer';
import { loadPkcs11Module, Pkcs11Token, tokenLabel } from '@min-profil/shared/signing/pkcs11-token';
import { createSoftHsmToken } from '@min-profil/shared/testing/softhsm-token';
import { noteUnavailable } from './system/unavailable.js';

// SoftHSM2 in a temporary token directory; where it is not installed the summary says so.
const softhsm = await createSoftHsmToken('token-test');
if (!softhsm.ok) noteUnavailable('PKCS#11 signing with SoftHSM2', softhsm.why);
const withToken = softhsm.ok ? describe : describe.skip;

withToken('a P-256 key in a PKCS#11 token (SoftHSM2)', () => {
  let token: Pkcs11Token;
  beforeAll(async () => {
    if (!softhsm.ok) throw new Error(softhsm.why);
    token = await Pkcs11Token.open(softhsm.config);
  });
  afterAll(() => token?.close());

  it('signs ES256 JWS inside the token that jose verifies with the public key alone', async () => {
    const key = await token.generateP256Key();
    const signer = token.signer(key.id);
    expect(signer.backend).toBe('pkcs11');
    const jwt = await signCompactJwt({
      header: { alg: 'ES256', typ: 'JWT', kid: key.id },
      payload: { sub: 'tolvan', iat: 1 },
      privateKey: signer,
    });
    const { payload, protectedHeader } = await compactVerify(jwt, await importJWK(key.publicJwk, 'ES256'));
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: key.id });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ sub: 'tolvan', iat: 1 });
    // ECDSA is randomised: a second signature differs and verifies too.
    const again = await signCompactJwt({
      header: { alg: 'ES256', typ: 'JWT', kid: key.id },
      payload: { sub: 'tolvan', iat: 1 },
      privateKey: signer,
    });
    expect(again.split('.')[2]).not.toBe(jwt.split('.')[2]);
    await expect(compactVerify(again, await importJWK(key.publicJwk, 'ES256'))).resolves.toBeDefined();
    // Another key's public half does not verify it.
    const other = await token.generateP256Key();
    await expect(compactVerify(jwt, await importJWK(other.publicJwk, 'ES256'))).rejects.toThrow();
  });

  it('keeps the private key inside: sensitive, not extractable, its value unreadable', async () => {
    if (!softhsm.ok) throw new Error(softhsm.why);
    const key = await token.generateP256Key();
    // Read the token as anyone with its PIN could: the login of `token` holds for this session too.
    const { lib, p11 } = await loadPkcs11Module(softhsm.config.module);
    const slot = p11
      .C_GetSlotList(true)
      .find((s) => tokenLabel(p11.C_GetTokenInfo(s).label) === softhsm.config.tokenLabel);
    const session = p11.C_OpenSession(slot!, lib.CKF_SERIAL_SESSION);
    try {
      p11.C_FindObjectsInit(session, [
        { type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY },
        { type: lib.CKA_ID, value: Buffer.from(key.id, 'hex') },
      ]);
      const handle = p11.C_FindObjects(session);
      p11.C_FindObjectsFinal(session);
      expect(handle).toBeTruthy();
      const [sensitive, extractable] = p11.C_GetAttributeValue(session, handle!, [
        { type: lib.CKA_SENSITIVE },
        { type: lib.CKA_EXTRACTABLE },
      ]);
      expect(sensitive.value).toEqual(Buffer.from([1]));
      expect(extractable.value).toEqual(Buffer.from([0]));
      expect(() => p11.C_GetAttributeValue(session, handle!, [{ type: lib.CKA_VALUE }])).toThrow(
        /CKR_ATTRIBUTE_SENSITIVE/,
      );
    } finally {
      p11.C_CloseSession(session);
    }
  });

  it('finds its keys again in a new session, as another instance or a restart does', async () => {
    const key = await token.generateP256Key();
    if (!softhsm.ok) throw new Error(softhsm.why);
    const second = await Pkcs11Token.open(softhsm.config);
    try {
      const found = await second.findKey(key.id);
      expect(found.publicJwk).toEqual(key.publicJwk);
      expect((await second.listKeys()).map((k) => k.id)).toContain(key.id);
      const jwt = await signCompactJwt({
        header: { alg: 'ES256' },
        payload: { n: 1 },
        privateKey: second.signer(key.id),
      });
      await expect(compactVerify(jwt, await importJWK(key.publicJwk, 'ES256'))).resolves.toBeDefined();
    } finally {
      second.close();
    }
    // Closing one handle leaves the others logged in and signing.
    const after = await signCompactJwt({
      header: { alg: 'ES256' },
      payload: { n: 2 },
      privateKey: token.signer(key.id),
    });
    await expect(compactVerify(after, await importJWK(key.publicJwk, 'ES256'))).resolves.toBeDefined();
    await expect(token.findKey('00'.repeat(16))).rejects.toThrow(/has no key/);
  });

  it('opens a new session when the token dropped its sessions (an HSM restart) and signs on', async () => {
    if (!softhsm.ok) throw new Error(softhsm.why);
    const key = await token.generateP256Key();
    const signer = token.signer(key.id);
    const sign = (n: number) =>
      signCompactJwt({ header: { alg: 'ES256' }, payload: { n }, privateKey: signer });
    await sign(1);
    // Every session of this process on the token closed under it, and so logged out.
    const { p11 } = await loadPkcs11Module(softhsm.config.module);
    const slot = p11
      .C_GetSlotList(true)
      .find((s) => tokenLabel(p11.C_GetTokenInfo(s).label) === softhsm.config.tokenLabel);
    p11.C_CloseAllSessions(slot!);
    const jwt = await sign(2);
    await expect(compactVerify(jwt, await importJWK(key.publicJwk, 'ES256'))).resolves.toBeDefined();
    // The other operations find the new session too.
    expect((await token.findKey(key.id)).publicJwk).toEqual(key.publicJwk);
    p11.C_CloseAllSessions(slot!);
    expect((await token.findKey(key.id)).publicJwk).toEqual(key.publicJwk);
  });

  it('refuses an unknown token label and a wrong PIN with a clear message', async () => {
    if (!softhsm.ok) throw new Error(softhsm.why);
    await expect(Pkcs11Token.open({ ...softhsm.config, tokenLabel: 'no-such-token' })).rejects.toThrow(
      /no PKCS#11 token with label no-such-token/,
    );
    // A token nobody in this process has logged in to yet.
    const fresh = await createSoftHsmToken('wrong-pin');
    if (!fresh.ok) throw new Error(fresh.why);
    await expect(Pkcs11Token.open({ ...fresh.config, pin: 'not-the-pin' })).rejects.toThrow(
      /cannot log in to PKCS#11 token wrong-pin-[0-9a-f]+: CKR_PIN_INCORRECT/,
    );
  });
});

describe('the in-process signer', () => {
  it('signs ES256 as jose expects, and refuses a key that is not P-256', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwt = await signCompactJwt({
      header: { alg: 'ES256' },
      payload: { n: 1 },
      privateKey: inProcessSigner(privateKey),
    });
    await expect(compactVerify(jwt, publicKey)).resolves.toBeDefined();
    const ed25519 = generateKeyPairSync('ed25519').privateKey;
    expect(() => inProcessSigner(ed25519)).toThrow(/P-256/);
    await expect(
      signCompactJwt({ header: { alg: 'ES384' }, payload: {}, privateKey: inProcessSigner(privateKey) }),
    ).rejects.toThrow(/does not fit alg ES384/);
  });
});
