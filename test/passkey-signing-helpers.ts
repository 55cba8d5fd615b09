import type { JWK } from 'jose';
import { sealJson } from '../wallet/src/crypto/data-keys.js';
import { dataKeyOf } from '../wallet/src/accounts/accounts.js';
import { openSealed } from '../wallet/src/credentials/describe-credential.js';
import { credentialAad } from '../wallet/src/credential-offer/store-received.js';
import { HeldCredentialEntity, type AccountRow } from '../wallet/src/persistence/entities.js';
import { createDpopProof, postFormWith } from '../issuer/test/dpop-client.js';
import {
  createHolderKey as createDpopKey,
  fetchNonce,
  postJson,
  preAuthorizedGrant,
} from '../issuer/test/wallet-client.js';
import type { WalletWorld } from './wallet-harness.js';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Stands in for issuance in the page (docs/passkeys.md, next steps: not built yet): an AF
 * registration certificate whose credential request proof (OID4VCI §8.2) is signed by `sign`,
 * the holder key the page holds, so the issuer binds the credential to that key. DPoP as the
 * wallet does it, with a key of the test's own.
 */
export async function issueToKey(
  world: WalletWorld,
  pnr: string,
  publicJwk: JWK,
  sign: (signingInput: string) => Promise<string>,
): Promise<string> {
  const offer = await world.offer('af', pnr, ['registration_certificate']);
  const code = offer.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'] as string;
  const base = `${world.issuer.baseUrl}/af`;
  const dpopKey = await createDpopKey();
  const iat = () => Math.floor(Date.now() / 1000);
  const form = {
    grant_type: preAuthorizedGrant,
    'pre-authorized_code': code,
    tx_code: offer.tx_code as string,
  };
  const tokenDpop = (nonce?: string) =>
    createDpopProof({ key: dpopKey, htm: 'POST', htu: `${base}/token`, iat: iat(), nonce });
  let token = await postFormWith(`${base}/token`, form, { dpop: await tokenDpop() });
  let nonce = token.headers.get('dpop-nonce') ?? undefined;
  if (token.body.error === 'use_dpop_nonce') {
    token = await postFormWith(`${base}/token`, form, { dpop: await tokenDpop(nonce) });
    nonce = token.headers.get('dpop-nonce') ?? nonce;
  }
  if (token.status !== 200) throw new Error(`token: ${JSON.stringify(token.body)}`);
  const accessToken = token.body.access_token as string;
  const { kty, crv, x, y } = publicJwk;
  const input = `${segment({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: { kty, crv, x, y } })}.${segment(
    {
      aud: base,
      iat: iat(),
      nonce: await fetchNonce(world.issuer.baseUrl, 'af'),
    },
  )}`;
  const proof = `${input}.${await sign(input)}`;
  const request = async (dpopNonce: string | undefined) =>
    postJson(
      `${base}/credential`,
      { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
      {
        authorization: `DPoP ${accessToken}`,
        dpop: await createDpopProof({
          key: dpopKey,
          htm: 'POST',
          htu: `${base}/credential`,
          iat: iat(),
          accessToken,
          nonce: dpopNonce,
        }),
      },
    );
  let issued = await request(nonce);
  if (issued.status !== 200 && issued.headers.get('dpop-nonce')) {
    issued = await request(issued.headers.get('dpop-nonce')!);
  }
  if (issued.status !== 200) throw new Error(`credential: ${JSON.stringify(issued.body)}`);
  return issued.body.credentials[0].credential as string;
}

/**
 * Replaces a held credential's copies with one bound to a page-held key (`keyId`, no `kmsKid`),
 * as issuance in the page will store it.
 */
export async function bindToPageKey(
  world: WalletWorld,
  account: AccountRow,
  credentialId: string,
  compact: string,
  keyId: string,
): Promise<void> {
  const ctx = world.wallet.ctx;
  const row = (await ctx.store.findCredential(account.id, credentialId))!;
  const sealed = openSealed(ctx, account, row);
  sealed.copies = [{ compact, keyId }];
  await ctx.db.dataSource
    .getRepository(HeldCredentialEntity)
    .update(
      { id: row.id },
      { sealed: sealJson(dataKeyOf(ctx, account), credentialAad(row), sealed), copies: 1 },
    );
}
