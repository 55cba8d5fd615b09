import { SignJWT, exportJWK } from 'jose';
import { createDisclosureFrameForAll, issueSdJwtVc } from './issue-sd-jwt-vc.js';
import { signCompactJwt } from './jws.js';
import { craftDisclosure, craftSdJwt, swapPayload } from './testing/craft-sd-jwt.js';
import { createTestKeyPair, createTestSigner, type TestKeyPair } from './testing/test-keys.js';
import { verifySdJwtVc } from './verify-sd-jwt-vc.js';
import { parseSdJwt } from './parse-sd-jwt.js';

const NOW = 1_750_000_000;
const claims = {
  given_name: 'Astrid',
  family_name: 'Lindqvist',
  personal_identity_number: '199001012384',
  address: { street_address: 'Storgatan 1', locality: 'Umeå' },
  nationalities: ['SE', 'FI'],
};

let issuer: TestKeyPair;
let other: TestKeyPair;
let issued: string;

beforeAll(async () => {
  issuer = await createTestKeyPair();
  other = await createTestKeyPair();
  issued = await issueSdJwtVc({
    issuer: 'https://issuer.example/af',
    vct: 'urn:min-profil:inskrivningsintyg:1',
    claims,
    disclosureFrame: createDisclosureFrameForAll(claims),
    status: { idx: 42, uri: 'https://issuer.example/af/status/1' },
    issuedAt: NOW - 60,
    expiresAt: NOW + 3600,
    signer: createTestSigner(issuer),
  });
});

const verify = (compact: string, extra: Partial<Parameters<typeof verifySdJwtVc>[0]> = {}) =>
  verifySdJwtVc({ compact, resolveIssuerKey: async () => issuer.publicKey, now: NOW, ...extra });

describe('verifySdJwtVc: issuer part', () => {
  it('gives every disclosed claim, vct, iss and the status reference of a good credential', async () => {
    const verified = await verify(issued);
    expect(verified).toMatchObject({
      vct: 'urn:min-profil:inskrivningsintyg:1',
      iss: 'https://issuer.example/af',
    });
    expect(verified.claims).toMatchObject(claims);
    expect(verified.claims).not.toHaveProperty('_sd_alg');
    expect(verified.status).toEqual({ status_list: { idx: 42, uri: 'https://issuer.example/af/status/1' } });
  });

  it('accepts the older typ vc+sd-jwt and refuses a plain JWT typ', async () => {
    const { payload } = parseSdJwt({ compact: issued });
    const rest = issued.slice(issued.indexOf('~'));
    const sign = (typ: string) =>
      signCompactJwt({ header: { alg: 'ES256', typ }, payload, privateKey: issuer.privateKey });
    await expect(verify((await sign('vc+sd-jwt')) + rest)).resolves.toBeDefined();
    await expect(verify((await sign('JWT')) + rest)).rejects.toMatchObject({ code: 'unsupported_typ' });
  });

  it('rejects a credential signed by another key', async () => {
    await expect(verify(issued, { resolveIssuerKey: async () => other.publicJwk })).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('rejects a payload changed after signing', async () => {
    const { payload } = parseSdJwt({ compact: issued });
    const forged = swapPayload(issued, { ...payload, vct: 'urn:min-profil:other:1' });
    await expect(verify(forged)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('rejects alg none and HMAC with the public key as secret', async () => {
    const { payload } = parseSdJwt({ compact: issued });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'dc+sd-jwt' })}.${b64(payload)}.~`;
    await expect(verify(unsigned)).rejects.toMatchObject({ code: 'unsupported_alg' });
    const secret = new TextEncoder().encode(JSON.stringify(issuer.publicJwk));
    const hmac = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'dc+sd-jwt' })
      .sign(secret);
    await expect(verify(`${hmac}~`)).rejects.toMatchObject({ code: 'unsupported_alg' });
  });

  it('rejects an expired credential and one not valid yet', async () => {
    await expect(verify(issued, { now: NOW + 3600 + 61 })).rejects.toMatchObject({ code: 'expired' });
    const later = await craftSdJwt({
      payload: { nbf: NOW + 600 },
      disclosures: [],
      privateKey: issuer.privateKey,
    });
    await expect(verify(later)).rejects.toMatchObject({ code: 'not_yet_valid' });
  });

  it('reports a missing issuer key as issuer_key_unresolved', async () => {
    const resolveIssuerKey = async () => {
      throw new Error('unknown issuer');
    };
    await expect(verify(issued, { resolveIssuerKey })).rejects.toMatchObject({
      code: 'issuer_key_unresolved',
    });
  });

  it('rejects a credential without vct', async () => {
    const noVct = await craftSdJwt({
      payload: { vct: undefined },
      disclosures: [],
      privateKey: issuer.privateKey,
    });
    await expect(verify(noVct)).rejects.toMatchObject({ code: 'missing_claim' });
  });
});

describe('verifySdJwtVc: disclosures (RFC 9901 §7.1)', () => {
  it('rejects a tampered disclosure', async () => {
    const parts = issued.split('~');
    const [salt, name] = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as [string, string];
    parts[1] = Buffer.from(JSON.stringify([salt, name, 'Mallory'])).toString('base64url');
    await expect(verify(parts.join('~'))).rejects.toMatchObject({ code: 'disclosure_not_referenced' });
  });

  it('rejects a presentation whose last disclosure lost its ~', async () => {
    await expect(verify(issued.slice(0, -1))).rejects.toMatchObject({ code: 'malformed' });
  });

  it('rejects a disclosure sent twice', async () => {
    const parts = issued.split('~');
    const doubled = [parts[0], parts[1], ...parts.slice(1)].join('~');
    await expect(verify(doubled)).rejects.toMatchObject({ code: 'duplicate_disclosure' });
  });

  it('rejects a digest that appears twice in the payload', async () => {
    const d = craftDisclosure('given_name', 'Astrid');
    const compact = await craftSdJwt({
      payload: { _sd: [d.digest], address: { _sd: [d.digest] } },
      disclosures: [d],
      privateKey: issuer.privateKey,
    });
    await expect(verify(compact)).rejects.toMatchObject({ code: 'duplicate_digest' });
  });

  it('rejects the reserved claim names _sd and ... in a disclosure', async () => {
    for (const name of ['_sd', '...']) {
      const d = craftDisclosure(name, ['x']);
      const compact = await craftSdJwt({
        payload: { _sd: [d.digest] },
        disclosures: [d],
        privateKey: issuer.privateKey,
      });
      await expect(verify(compact)).rejects.toMatchObject({ code: 'reserved_claim_name' });
    }
  });

  it('rejects a disclosure for a claim that is already there in plain', async () => {
    const d = craftDisclosure('given_name', 'Mallory');
    const compact = await craftSdJwt({
      payload: { given_name: 'Astrid', _sd: [d.digest] },
      disclosures: [d],
      privateKey: issuer.privateKey,
    });
    await expect(verify(compact)).rejects.toMatchObject({ code: 'claim_name_conflict' });
  });

  it('rejects an array-element disclosure referenced as an object property', async () => {
    const d = craftDisclosure(undefined, 'SE');
    const compact = await craftSdJwt({
      payload: { _sd: [d.digest] },
      disclosures: [d],
      privateKey: issuer.privateKey,
    });
    await expect(verify(compact)).rejects.toMatchObject({ code: 'malformed' });
  });

  it('keeps a claim named __proto__ as data, never as a prototype', async () => {
    const d = craftDisclosure('__proto__', { polluted: true });
    const compact = await craftSdJwt({
      payload: { _sd: [d.digest] },
      disclosures: [d],
      privateKey: issuer.privateKey,
    });
    const { claims: out } = await verify(compact);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('verifySdJwtVc: hostile sizes', () => {
  it('refuses input over 64 KiB before parsing it', async () => {
    await expect(verify(`${issued}${'A'.repeat(64 * 1024)}`)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('refuses more than 200 disclosures', async () => {
    const many = Array.from({ length: 201 }, (_, i) => craftDisclosure(`c${i}`, i));
    const compact = await craftSdJwt({
      payload: { _sd: many.map((d) => d.digest) },
      disclosures: many,
      privateKey: issuer.privateKey,
    });
    await expect(verify(compact)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('refuses claims nested deeper than 10', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 11; i++) deep = { next: deep };
    const compact = await craftSdJwt({ payload: { deep }, disclosures: [], privateKey: issuer.privateKey });
    await expect(verify(compact)).rejects.toMatchObject({ code: 'too_large' });
    await expect(verify(compact, { limits: { maxDepth: 20 } })).resolves.toBeDefined();
  });

  it('keeps the issuer key JWK usable as a resolver result', async () => {
    const jwk = await exportJWK(issuer.publicKey);
    await expect(verify(issued, { resolveIssuerKey: async () => jwk })).resolves.toBeDefined();
  });
});
