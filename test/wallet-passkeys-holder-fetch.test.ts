import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import type { AccountRow } from '../wallet/src/persistence/entities.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { fetchOutcome, finishHolderFetch } from './holder-sign-in.js';
import {
  isTokenStage,
  jwtParts,
  makePageDpopKey,
  makePageKeys,
  protectWithPasskey,
  signAll,
  signAndPost,
  signTokenStages,
  type PageKey,
} from './passkey-signing-helpers.js';
import { calculateJwkThumbprint } from 'jose';
import { AccessTokenEntity } from '../issuer/src/persistence/entities.js';
import { HolderAuthorizationEntity } from '../wallet/src/persistence/entities.js';
import { openJson } from '../wallet/src/crypto/data-keys.js';
import { dataKeyOf } from '../wallet/src/accounts/accounts.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const samir = '198806244417';
const tolvan = '191212121212';

/**
 * Issue 25, fetching from a holder with a passkey-protected account: the page makes the keys
 * before it leaves for the holder, the callback answers with an issuance signing request
 * instead of binding to service-held keys, and the credential is kept bound to the page's keys
 * once the page has signed. Another account's or an expired signing request stores nothing.
 */
describe.each(testDatabaseKinds())('fetching from a holder signed in the page on %s', (kind) => {
  let world: WalletWorld;
  let wallet: string;
  let person: WalletSession;
  let account: AccountRow;

  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    person = await tokenSession(wallet, samir);
    account = await protectWithPasskey(world, (await world.wallet.ctx.store.findAccountByIdentity(samir))!);
  });
  afterAll(async () => {
    await world?.stop();
  });

  const held = async () =>
    (await world.wallet.ctx.store.listCredentials(account.id, ['pending', 'deferred', 'stored'])).length;
  const issued = async () =>
    (await world.issuer.ctx.store.listIssuedCredentials('migrationsverket', { limit: 100 })).length;

  /**
   * The page's steps up to the holder's redirect back: keys_needed, keys (and the DPoP key the
   * holder's token is to be bound to), start, sign-in. `beforeSignIn` changes the stored fetch.
   */
  async function fetchToSigningRequest(configurationId: string, beforeSignIn?: () => Promise<void>) {
    const path = '/api/holders/migrationsverket/fetch';
    const body = { credential_configuration_id: configurationId, return_to: '/receive' };
    const needed = await api(wallet, person, 'POST', path, body);
    expect(needed.status).toBe(202);
    const pageKeys = await makePageKeys(world, account, needed.body.keys_needed);
    const dpopKey = needed.body.dpop_key ? await makePageDpopKey(world, account.id) : undefined;
    const started = await api(wallet, person, 'POST', path, {
      ...body,
      holder_key_ids: pageKeys.map((k) => k.id),
      ...(dpopKey ? { dpop_key_id: dpopKey.id } : {}),
    });
    expect(started.status).toBe(201);
    await beforeSignIn?.();
    const back = await finishHolderFetch(wallet, started.body.authorization_url, samir);
    expect(back.status).toBe(303);
    expect(fetchOutcome(back)).toBeUndefined();
    const location = new URL(back.headers.get('location')!, wallet);
    expect(location.pathname).toBe('/receive');
    return { needed, keys: pageKeys, dpopKey, id: location.searchParams.get('signing_request')! };
  }

  /** The issuer's access tokens bound to this DPoP key (RFC 7638 thumbprint, as `cnf.jkt`). */
  const tokensBoundTo = async (jwk: PageKey['publicJwk']) => {
    const jkt = await calculateJwkThumbprint(jwk, 'sha256');
    const rows = await world.issuer.ctx.db.dataSource.getRepository(AccessTokenEntity).find();
    return rows.filter((r) => r.dpopJkt === jkt);
  };

  it('the callback asks the page to sign; the credential is kept bound to the page’s keys', async () => {
    const issuedBefore = await issued();
    const { needed, keys, dpopKey, id: tokenId } = await fetchToSigningRequest('residence_permit');
    // One key per batch copy (the wallet's setting), known from the holder's metadata, and the
    // DPoP key its token is bound to (the holder takes DPoP).
    expect(needed.body).toEqual({ state: 'keys_needed', keys_needed: 3, dpop_key: true });
    expect(tokenId).toBeTruthy();
    // Nothing was requested from the credential endpoint, nothing stored, before the page signs;
    // not even the code was redeemed: the first signing request is the token request's DPoP proof.
    expect(await issued()).toBe(issuedBefore);
    expect(await held()).toBe(0);
    expect(await tokensBoundTo(dpopKey!.publicJwk)).toHaveLength(0);
    let answer = await api(wallet, person, 'GET', `/api/signing-requests/${tokenId}`);
    const tokenStages = [];
    while (isTokenStage(answer.body.signing_request)) {
      const stage = answer.body.signing_request;
      tokenStages.push(stage);
      expect(stage.inputs.map((i: { key_id: string }) => i.key_id)).toEqual([dpopKey!.id]);
      const [header, payload] = jwtParts(stage.inputs[0].signing_input);
      expect(header).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: dpopKey!.publicJwk });
      expect(payload).toMatchObject({ htm: 'POST', htu: `${world.issuer.baseUrl}/migrationsverket/token` });
      answer = await signAndPost(world, person, stage, []);
      expect(answer.status).toBe(202);
    }
    // Without a nonce, then with the one the holder sent (use_dpop_nonce).
    expect(tokenStages.map((t) => jwtParts(t.inputs[0].signing_input)[1]!.nonce !== undefined)).toEqual([
      false,
      true,
    ]);
    // The holder's token is bound to the page's DPoP key.
    expect(await tokensBoundTo(dpopKey!.publicJwk)).toHaveLength(1);
    expect(await issued()).toBe(issuedBefore);

    const signing = answer.body.signing_request;
    const id = signing.id as string;
    expect(signing).toMatchObject({ kind: 'issuance' });
    expect(signing.inputs.map((i: { key_id: string }) => i.key_id)).toEqual([
      ...keys.map((k) => k.id),
      dpopKey!.id,
    ]);
    const [header, payload] = jwtParts(signing.inputs[0].signing_input);
    expect(header).toMatchObject({ typ: 'openid4vci-proof+jwt', jwk: keys[0]!.publicJwk });
    expect(payload).toMatchObject({
      iss: world.wallet.ctx.settings.oauthClientId,
      nonce: expect.any(String),
    });
    expect(jwtParts(signing.inputs.at(-1).signing_input)[1]).toMatchObject({
      htm: 'POST',
      htu: `${world.issuer.baseUrl}/migrationsverket/credential`,
      ath: expect.any(String),
    });

    const done = await api(wallet, person, 'POST', `/api/signing-requests/${id}`, {
      signatures: await signAll(signing, keys),
    });
    expect(done.status).toBe(201);
    // Chosen at the holder by the person and naming them: kept at once, as before.
    expect(done.body).toMatchObject({ state: 'stored', credentials: [{ names_holder: true }] });
    expect(await issued()).toBe(issuedBefore + 3);
    const row = (await world.wallet.ctx.store.findCredential(account.id, done.body.credentials[0].id))!;
    const sealed = openSealed(world.wallet.ctx, account, row);
    expect(sealed.copies).toHaveLength(3);
    for (const copy of sealed.copies) {
      expect(copy.kmsKid).toBeUndefined();
      const cnf = (decodeSdJwtVc(copy.compact).payload.cnf as { jwk: { x: string } }).jwk;
      expect(keys.find((k) => k.id === copy.keyId)?.publicJwk.x).toBe(cnf.x);
    }
    const log = await api(wallet, person, 'GET', '/api/log');
    expect(JSON.stringify(log.body)).toContain('issuance');

    // Used: neither read nor completed again.
    expect((await api(wallet, person, 'GET', `/api/signing-requests/${id}`)).status).toBe(410);
    const replay = await api(wallet, person, 'POST', `/api/signing-requests/${id}`, {
      signatures: await signAll(signing, keys),
    });
    expect(replay.status).toBe(410);
    expect(await issued()).toBe(issuedBefore + 3);
  });

  it('another account can neither read nor complete the signing request; nothing is stored', async () => {
    const { keys, id } = await fetchToSigningRequest('work_permit');
    const signing = (await api(wallet, person, 'GET', `/api/signing-requests/${id}`)).body.signing_request;
    const rows = await held();
    const issuedBefore = await issued();
    const stranger = await tokenSession(wallet, tolvan);
    expect((await api(wallet, stranger, 'GET', `/api/signing-requests/${id}`)).status).toBe(410);
    const theirs = await api(wallet, stranger, 'POST', `/api/signing-requests/${id}`, {
      signatures: await signAll(signing, keys),
    });
    expect(theirs.status).toBe(410);
    expect(theirs.body.error).toBe('invalid_request');
    expect(theirs.text).not.toMatch(/at .*\.js/);
    expect(await held()).toBe(rows);
    expect(await issued()).toBe(issuedBefore);
    const strangerAccount = (await world.wallet.ctx.store.findAccountByIdentity(tolvan))!;
    expect(
      await world.wallet.ctx.store.listCredentials(strangerAccount.id, ['pending', 'deferred', 'stored']),
    ).toHaveLength(0);
  });

  it('an expired signing request can neither be read nor completed; nothing is stored', async () => {
    const { keys, id } = await fetchToSigningRequest('residence_permit');
    const signing = (await api(wallet, person, 'GET', `/api/signing-requests/${id}`)).body.signing_request;
    const rows = await held();
    const issuedBefore = await issued();
    const ctx = world.wallet.ctx;
    const realNow = ctx.now;
    ctx.now = () => realNow() + 301;
    try {
      expect((await api(wallet, person, 'GET', `/api/signing-requests/${id}`)).status).toBe(410);
      const late = await api(wallet, person, 'POST', `/api/signing-requests/${id}`, {
        signatures: await signAll(signing, keys),
      });
      expect(late.status).toBe(410);
    } finally {
      ctx.now = realNow;
    }
    expect(await held()).toBe(rows);
    expect(await issued()).toBe(issuedBefore);
  });

  it('a fetch started before DPoP moved to the page (no DPoP key kept) still completes, sealed as version 2', async () => {
    const issuedBefore = await issued();
    const ctx = world.wallet.ctx;
    // As a row written by the previous version: page keys, but no DPoP key id.
    const { keys, dpopKey, id } = await fetchToSigningRequest('work_permit', async () => {
      await ctx.db.dataSource
        .getRepository(HolderAuthorizationEntity)
        .update({ accountId: account.id }, { dpopKeyId: null });
    });
    const stored = (await ctx.store.findSigningRequest(account.id, id, ctx.now()))!;
    const continuation = openJson<Record<string, any>>(
      dataKeyOf(ctx, account),
      `signing-request:${account.id}:${id}`,
      stored.continuation,
    );
    // The old shape: the service-held DPoP key (a private JWK) and the proofs only.
    expect(continuation).toMatchObject({
      version: 2,
      holderFetch: true,
      dpop: { key: { d: expect.any(String) } },
    });
    const signing = (await api(wallet, person, 'GET', `/api/signing-requests/${id}`)).body.signing_request;
    expect(signing.inputs.map((i: { key_id: string }) => i.key_id)).toEqual(keys.map((k) => k.id));
    const done = await signAndPost(world, person, signing, keys);
    expect(done.status).toBe(201);
    expect(await issued()).toBe(issuedBefore + keys.length);
    expect(await tokensBoundTo(dpopKey!.publicJwk)).toHaveLength(0);
    expect(await tokensBoundTo(continuation.dpop.key)).toHaveLength(1);
  });

  it('refuses keys the account does not hold before sending the person to the holder', async () => {
    const refused = await api(wallet, person, 'POST', '/api/holders/migrationsverket/fetch', {
      credential_configuration_id: 'residence_permit',
      holder_key_ids: ['not-a-key'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_request');
  });

  it('an offer link with only the authorization_code grant takes the same steps: keys, sign-in, the page signs', async () => {
    const offer = {
      credential_issuer: `${world.issuer.baseUrl}/migrationsverket`,
      credential_configuration_ids: ['work_permit'],
      grants: { authorization_code: { issuer_state: 'from-the-offer' } },
    };
    const body = {
      offer: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`,
      return_to: '/receive',
    };
    const issuedBefore = await issued();
    const needed = await api(wallet, person, 'POST', '/api/credential-offers', body);
    expect(needed.status).toBe(202);
    expect(needed.body).toEqual({ state: 'keys_needed', keys_needed: 3, dpop_key: true });
    const keys = await makePageKeys(world, account, needed.body.keys_needed);
    const dpopKey = await makePageDpopKey(world, account.id);
    const started = await api(wallet, person, 'POST', '/api/credential-offers', {
      ...body,
      holder_key_ids: keys.map((k) => k.id),
      dpop_key_id: dpopKey.id,
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      state: 'authorization_required',
      authorization_url: expect.stringContaining(`${wallet}/oid4vci/start/`),
      // Named as the trust list names it, for the receive screen to say where the person goes.
      issuer: { credential_issuer: offer.credential_issuer, trusted: true, name: { sv: 'Migrationsverket' } },
    });
    const back = await finishHolderFetch(wallet, started.body.authorization_url, samir);
    const location = new URL(back.headers.get('location')!, wallet);
    expect(location.pathname).toBe('/receive');
    const id = location.searchParams.get('signing_request')!;
    expect(id).toBeTruthy();
    expect(await issued()).toBe(issuedBefore);

    // The token request's DPoP proof first, then every proof with its request's DPoP proof.
    const signing = await signTokenStages(world, person, id);
    expect(signing.inputs.map((i: { key_id: string }) => i.key_id)).toEqual([
      ...keys.map((k) => k.id),
      dpopKey.id,
    ]);
    const done = await signAndPost(world, person, signing, keys);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      state: 'stored',
      credentials: [{ credential_configuration_id: 'work_permit', names_holder: true }],
    });
    const row = (await world.wallet.ctx.store.findCredential(account.id, done.body.credentials[0].id))!;
    for (const copy of openSealed(world.wallet.ctx, account, row).copies) {
      expect(copy.kmsKid).toBeUndefined();
      const cnf = (decodeSdJwtVc(copy.compact).payload.cnf as { jwk: { x: string } }).jwk;
      expect(keys.find((k) => k.id === copy.keyId)?.publicJwk.x).toBe(cnf.x);
    }
  });

  it('a service-held account is unchanged: no keys asked for, and none taken', async () => {
    const owner = await tokenSession(wallet, tolvan);
    const body = { credential_configuration_id: 'residence_permit' };
    const started = await api(wallet, owner, 'POST', '/api/holders/migrationsverket/fetch', body);
    expect(started.status).toBe(201);
    const refused = await api(wallet, owner, 'POST', '/api/holders/migrationsverket/fetch', {
      ...body,
      holder_key_ids: ['any'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_request');
  });
});
