import { sign } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { AccessTokenEntity } from '../issuer/src/persistence/entities.js';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import { createHolderKey } from '../wallet/src/crypto/holder-keys.js';
import type { AccountRow } from '../wallet/src/persistence/entities.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import {
  askToReceive,
  makePageKeys,
  protectWithPasskey,
  jwtParts,
  makePageDpopKey,
  signAll,
  signAndPost,
  signInPage,
  type PageKey,
} from './passkey-signing-helpers.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';
const other = '198806244417';
const alva = '200503152381';

const parts = (signingInput: string) =>
  signingInput.split('.').map((s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));

/**
 * Issue 25, issuance signed in the page: for a passkey-protected account the wallet says how
 * many keys the page must make, builds each proof JWT for the page's keys, and sends the
 * credential request only with the page's signatures. A replayed, expired or another account's
 * signing request, or a signature by a key the service makes, stores nothing.
 */
describe.each(testDatabaseKinds())('issuance signed in the page on %s', (kind) => {
  let world: WalletWorld;
  let person: WalletSession;
  let account: AccountRow;
  let wallet: string;

  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    person = await tokenSession(wallet, tolvan);
    account = await protectWithPasskey(world, (await world.wallet.ctx.store.findAccountByIdentity(tolvan))!);
  });
  afterAll(async () => {
    await world?.stop();
  });

  const heldRows = async () =>
    (await world.wallet.ctx.store.listCredentials(account.id, ['pending', 'deferred', 'stored'])).length;
  const issued = async () =>
    (await world.issuer.ctx.store.listIssuedCredentials('af', { limit: 100 })).length;

  async function ask(keys: PageKey[]) {
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const { needed, asked, dpopKey, token } = await askToReceive(world, person, offer, keys);
    expect(asked.status).toBe(202);
    return { needed, signing: asked.body.signing_request, dpopKey, token };
  }

  it('says how many keys to make, builds the proofs for them, and stores copies bound to them', async () => {
    const keys = await makePageKeys(world, account, 3);
    const { needed, signing, dpopKey } = await ask(keys);
    // The batch: three copies (the wallet's setting; the issuer allows ten), before the code is redeemed.
    expect(needed.status).toBe(202);
    expect(needed.body).toEqual({ state: 'keys_needed', keys_needed: 3, dpop_key: true });
    expect(signing).toMatchObject({ kind: 'issuance' });
    // The proofs by the holder keys, then the credential request's DPoP proof by the page's DPoP key.
    expect(signing.inputs.map((i: { key_id: string }) => i.key_id)).toEqual([
      ...keys.map((k) => k.id),
      dpopKey!.id,
    ]);
    const [header, payload] = parts(signing.inputs[0].signing_input);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: keys[0]!.publicJwk });
    expect(payload).toMatchObject({ aud: `${world.issuer.baseUrl}/af`, nonce: expect.any(String) });
    expect(typeof payload.iat).toBe('number');
    // Nothing was asked of the credential endpoint yet.
    const before = await issued();

    const done = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: await signAll(signing, keys),
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ state: 'pending', credentials: [{ vct: expect.any(String) }] });
    expect(await issued()).toBe(before + 3);
    const row = (await world.wallet.ctx.store.findCredential(account.id, done.body.credentials[0].id))!;
    const sealed = openSealed(world.wallet.ctx, account, row);
    expect(sealed.copies).toHaveLength(3);
    for (const copy of sealed.copies) {
      expect(copy.kmsKid).toBeUndefined();
      const cnf = (decodeSdJwtVc(copy.compact).payload.cnf as { jwk: { x: string } }).jwk;
      expect(keys.find((k) => k.id === copy.keyId)?.publicJwk.x).toBe(cnf.x);
    }
    expect((await api(wallet, person, 'POST', `/api/credential-offers/${done.body.id}/accept`)).status).toBe(
      200,
    );

    // Replayed: the signing request was taken once; nothing more is stored or issued.
    const rows = await heldRows();
    const replay = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: await signAll(signing, keys),
    });
    expect(replay.status).toBe(410);
    expect(replay.body.error).toBe('invalid_request');
    expect(await heldRows()).toBe(rows);
    expect(await issued()).toBe(before + 3);
  });

  /** The issuer's access tokens bound to this DPoP key (RFC 7638 thumbprint, as `cnf.jkt`). */
  const tokensBoundTo = async (key: PageKey) => {
    const jkt = await calculateJwkThumbprint(key.publicJwk, 'sha256');
    const rows = await world.issuer.ctx.db.dataSource.getRepository(AccessTokenEntity).find();
    return rows.filter((r) => r.dpopJkt === jkt);
  };

  it('signs every DPoP proof in the page: the token request (again with the issuer’s nonce) and the credential request; the token is bound to the page’s key', async () => {
    const keys = await makePageKeys(world, account, 3);
    const { signing, dpopKey, token } = await ask(keys);
    // The issuer asks for a DPoP nonce (HAIP, as deployed): the page signs the token request's
    // proof twice, first without a nonce, then with the one the issuer sent.
    expect(token).toHaveLength(2);
    const stages = token.map((t) => t.body.signing_request);
    for (const stage of stages) {
      expect(stage.inputs.map((i: { key_id: string }) => i.key_id)).toEqual([dpopKey!.id]);
      const [header, payload] = jwtParts(stage.inputs[0].signing_input);
      expect(header).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: dpopKey!.publicJwk });
      expect(payload).toMatchObject({
        htm: 'POST',
        htu: `${world.issuer.baseUrl}/af/token`,
        jti: expect.any(String),
        iat: expect.any(Number),
      });
      expect(payload.ath).toBeUndefined();
    }
    expect(jwtParts(stages[0].inputs[0].signing_input)[1]!.nonce).toBeUndefined();
    expect(jwtParts(stages[1].inputs[0].signing_input)[1]!.nonce).toEqual(expect.any(String));
    // The token is the page key's: bound to its thumbprint at the issuer.
    expect(await tokensBoundTo(dpopKey!)).toHaveLength(1);
    // The credential request's DPoP proof, last: the token's hash and the issuer's nonce.
    const [header, payload] = jwtParts(signing.inputs.at(-1).signing_input);
    expect(header).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: dpopKey!.publicJwk });
    expect(payload).toMatchObject({
      htm: 'POST',
      htu: `${world.issuer.baseUrl}/af/credential`,
      ath: expect.any(String),
      nonce: expect.any(String),
    });
    const before = await issued();
    const done = await signAndPost(world, person, signing, keys);
    expect(done.status).toBe(201);
    expect(await issued()).toBe(before + 3);
    // The service made no DPoP key of its own for this issuance: nothing else sealed beside it.
    const row = (await world.wallet.ctx.store.findCredential(account.id, done.body.credentials[0].id))!;
    expect(JSON.stringify(openSealed(world.wallet.ctx, account, row))).not.toContain('"d":');
  });

  it('answers the credential endpoint’s use_dpop_nonce with a new signing request for the DPoP proofs alone', async () => {
    const keys = await makePageKeys(world, account, 3);
    const { signing, dpopKey } = await ask(keys);
    const signedNonce = jwtParts(signing.inputs.at(-1).signing_input)[1]!.nonce;
    const issuer = world.issuer.ctx;
    const realNow = issuer.now;
    const ttl = issuer.settings.dpopNonceTtl;
    // The nonce the page signed goes stale before the credential request (its c_nonce and the
    // token do not).
    issuer.now = () => realNow() + 150;
    issuer.settings.dpopNonceTtl = 100;
    try {
      const before = await issued();
      const retry = await signAndPost(world, person, signing, keys);
      expect(retry.status).toBe(202);
      const again = retry.body.signing_request;
      // Only the credential request's DPoP proof, with the issuer's new nonce; the proofs
      // already signed are kept.
      expect(again.inputs.map((i: { key_id: string }) => i.key_id)).toEqual([dpopKey!.id]);
      const [header, payload] = jwtParts(again.inputs[0].signing_input);
      expect(header.typ).toBe('dpop+jwt');
      expect(payload).toMatchObject({
        htu: `${world.issuer.baseUrl}/af/credential`,
        ath: expect.any(String),
      });
      expect(payload.nonce).toEqual(expect.any(String));
      expect(payload.nonce).not.toBe(signedNonce);
      expect(await issued()).toBe(before);
      const done = await signAndPost(world, person, again, []);
      expect(done.status).toBe(201);
      expect(await issued()).toBe(before + 3);
    } finally {
      issuer.now = realNow;
      issuer.settings.dpopNonceTtl = ttl;
    }
  });

  it('refuses a token request’s DPoP proof signed by a key the service makes: the code is not redeemed', async () => {
    const keys = await makePageKeys(world, account, 1);
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const body = { offer: offer.offer_link, tx_code: offer.tx_code };
    const needed = await api(wallet, person, 'POST', '/api/credential-offers', body);
    expect(needed.body.dpop_key).toBe(true);
    const dpopKey = await makePageDpopKey(world, account.id);
    const asked = await api(wallet, person, 'POST', '/api/credential-offers', {
      ...body,
      holder_key_ids: keys.map((k) => k.id),
      dpop_key_id: dpopKey.id,
    });
    expect(asked.status).toBe(202);
    const signing = asked.body.signing_request;
    const serviceKey = await createHolderKey(world.wallet.ctx.keys);
    const byService = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: [
        sign('sha256', Buffer.from(signing.inputs[0].signing_input, 'ascii'), {
          key: serviceKey.privateKey,
          dsaEncoding: 'ieee-p1363',
        }).toString('base64url'),
      ],
    });
    expect(byService.status).toBe(400);
    expect(byService.body.error).toBe('invalid_request');
    expect(await tokensBoundTo(dpopKey)).toHaveLength(0);
    // Nothing was redeemed: the page starts again with the same offer and receives it.
    const again = await askToReceive(world, person, offer, keys);
    expect(again.asked.status).toBe(202);
    expect((await signAndPost(world, person, again.asked.body.signing_request, keys)).status).toBe(201);
  });

  it('refuses holder keys without the DPoP key the issuer needs, and a holder key as the DPoP key', async () => {
    const keys = await makePageKeys(world, account, 1);
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const body = { offer: offer.offer_link, tx_code: offer.tx_code, holder_key_ids: keys.map((k) => k.id) };
    const without = await api(wallet, person, 'POST', '/api/credential-offers', body);
    expect(without.status).toBe(400);
    expect(without.body.error_description).toMatch(/dpop_key_id/);
    const same = await api(wallet, person, 'POST', '/api/credential-offers', {
      ...body,
      dpop_key_id: keys[0]!.id,
    });
    expect(same.status).toBe(400);
  });

  it('refuses keys this account does not hold before redeeming the code', async () => {
    const offer = await world.offer('af', tolvan, ['registration_certificate']);
    const refused = await api(wallet, person, 'POST', '/api/credential-offers', {
      offer: offer.offer_link,
      tx_code: offer.tx_code,
      holder_key_ids: ['not-a-key'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_request');
    expect(refused.text).not.toMatch(/at .*\.js/);
  });

  it('refuses a signature by a key the service makes, storing nothing; the request is spent', async () => {
    const keys = await makePageKeys(world, account, 1);
    const { signing } = await ask(keys);
    const rows = await heldRows();
    const before = await issued();
    const serviceKey = await createHolderKey(world.wallet.ctx.keys);
    const byService = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: [
        sign('sha256', Buffer.from(signing.inputs[0].signing_input, 'ascii'), {
          key: serviceKey.privateKey,
          dsaEncoding: 'ieee-p1363',
        }).toString('base64url'),
      ],
    });
    expect(byService.status).toBe(400);
    expect(byService.body.error).toBe('invalid_request');
    const late = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: await signAll(signing, keys),
    });
    expect(late.status).toBe(410);
    expect(await heldRows()).toBe(rows);
    expect(await issued()).toBe(before);
  });

  it('refuses another account’s signing request, and an expired one, storing nothing', async () => {
    const keys = await makePageKeys(world, account, 1);
    const { signing } = await ask(keys);
    const rows = await heldRows();
    const before = await issued();
    const stranger = await tokenSession(wallet, other);
    const signatures = await signAll(signing, keys);
    const theirs = await api(wallet, stranger, 'POST', `/api/signing-requests/${signing.id}`, { signatures });
    expect(theirs.status).toBe(410);
    const ctx = world.wallet.ctx;
    const realNow = ctx.now;
    ctx.now = () => realNow() + 301;
    try {
      const expired = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
        signatures,
      });
      expect(expired.status).toBe(410);
    } finally {
      ctx.now = realNow;
    }
    expect(await heldRows()).toBe(rows);
    expect(await issued()).toBe(before);
    const strangerAccount = (await ctx.store.findAccountByIdentity(other))!;
    expect(
      await ctx.store.listCredentials(strangerAccount.id, ['pending', 'deferred', 'stored']),
    ).toHaveLength(0);
  });

  it('a signature by the page’s own key over another input is refused', async () => {
    const keys = await makePageKeys(world, account, 1);
    const { signing } = await ask(keys);
    const wrong = await api(wallet, person, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: [await signInPage(keys[0]!.privateKey, `${signing.inputs[0].signing_input}x`)],
    });
    expect(wrong.status).toBe(400);
  });

  it('keeps the page’s keys with a deferred credential and binds the delivered copies to them', async () => {
    const student = await tokenSession(wallet, alva);
    const ctx = world.wallet.ctx;
    const studentAccount = await protectWithPasskey(world, (await ctx.store.findAccountByIdentity(alva))!);
    const record = await world.issuer.ctx.registerStore.find('skola', alva, 'diploma');
    await world.issuer.ctx.registerStore.upsert({ ...record!, readyAt: world.issuer.ctx.now() + 3600 });
    const keys = await makePageKeys(world, studentAccount, 3);
    const offer = await world.offer('skola', alva, ['upper_secondary_diploma']);
    const { asked, dpopKey } = await askToReceive(world, student, offer, keys);
    expect(asked.status).toBe(202);
    const signing = asked.body.signing_request;
    const done = await api(wallet, student, 'POST', `/api/signing-requests/${signing.id}`, {
      signatures: await signAll(signing, keys),
    });
    expect(done.status).toBe(201);
    expect(done.body.state).toBe('deferred');

    await world.issuer.ctx.registerStore.upsert({ ...record!, readyAt: null });
    world.wallet.advanceClock(120);
    try {
      // The token is bound to the page's DPoP key: the service does not poll alone.
      const waiting = await api(wallet, student, 'GET', `/api/credential-offers/${done.body.id}`);
      expect(waiting.body).toMatchObject({ state: 'deferred', poll_in_page: true });
      // The page asks: it signs the poll's DPoP proof, then once more with the issuer's nonce.
      let answer = await api(wallet, student, 'POST', `/api/credential-offers/${done.body.id}/poll`);
      const polls = [];
      while (answer.status === 202) {
        const poll = answer.body.signing_request;
        polls.push(poll);
        expect(poll.inputs.map((i: { key_id: string }) => i.key_id)).toEqual([dpopKey!.id]);
        answer = await signAndPost(world, student, poll, []);
      }
      expect(polls.map((p) => jwtParts(p.inputs[0].signing_input)[1]!.nonce === undefined)).toEqual([
        true,
        false,
      ]);
      expect(jwtParts(polls[1].inputs[0].signing_input)[1]).toMatchObject({
        htm: 'POST',
        htu: `${world.issuer.baseUrl}/skola/deferred_credential`,
        ath: expect.any(String),
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ state: 'pending' });
      const row = (await ctx.store.findCredential(studentAccount.id, answer.body.credentials[0].id))!;
      const sealed = openSealed(ctx, studentAccount, row);
      expect(sealed.copies.length).toBeGreaterThan(0);
      for (const copy of sealed.copies) {
        expect(copy.kmsKid).toBeUndefined();
        expect(keys.map((k) => k.id)).toContain(copy.keyId);
      }
    } finally {
      world.wallet.advanceClock(-120);
    }
  });
});
