#!/usr/bin/env node
// Walks through OpenID4VCI against the running demo issuer, printing each HTTP exchange:
// staff offer → credential offer by reference → token (pre-authorized code + tx_code, with a
// DPoP proof: the first try gets the server's DPoP nonce) → nonce → credential (DPoP-bound
// token, a jwt proof of a fresh holder key) → the disclosed claims.
// Usage: node scripts/walkthrough.js [holder] [personal identity number] [configuration id]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { readServiceAddress } from '@min-profil/shared/config';

const [holder = 'af', pnr = '19121212-1212', configurationId = 'registration_certificate'] =
  process.argv.slice(2);
const issuer = readServiceAddress('issuer').baseUrl;
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
// The holder's own key from ISSUER_API_KEYS (`af:KEY,…`), else the demo shorthand.
const holderKey = (process.env.ISSUER_API_KEYS ?? '')
  .split(',')
  .map((pair) => pair.split(/:(.*)/s))
  .find(([id]) => id.trim() === holder)?.[1];
const apiKey =
  holderKey ??
  process.env.ISSUER_API_KEY ??
  JSON.parse(readFileSync(join(dataDir, 'issuer-secrets.json'), 'utf8')).apiKey;

async function call(label, url, init = {}, { allow } = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  console.log(`\n${label}\n  ${init.method ?? 'GET'} ${url} → ${response.status}`);
  const body = text.startsWith('{') ? JSON.parse(text) : text;
  console.log(`  ${JSON.stringify(body).slice(0, 400)}`);
  if (!response.ok && body?.error !== allow) process.exit(1);
  return { body, dpopNonce: response.headers.get('dpop-nonce') ?? undefined };
}

// RFC 9449: the wallet's DPoP key for this session and a proof per request.
const dpopKey = await generateKeyPair('ES256');
const dpopJwk = await exportJWK(dpopKey.publicKey);
function dpop(method, url, nonce, accessToken) {
  return new SignJWT({
    jti: randomUUID(),
    htm: method,
    htu: url,
    iat: Math.floor(Date.now() / 1000),
    ...(nonce ? { nonce } : {}),
    ...(accessToken ? { ath: createHash('sha256').update(accessToken).digest('base64url') } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: dpopJwk })
    .sign(dpopKey.privateKey);
}

const { body: offer } = await call(
  "1. The holder's staff system creates an offer",
  `${issuer}/${holder}/offers`,
  {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      personal_identity_number: pnr,
      credential_configuration_ids: [configurationId],
      tx_code: true,
    }),
  },
);
const { body: credentialOffer } = await call(
  '2. The wallet fetches the offer by reference',
  offer.credential_offer_uri,
);
const grant = credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
const { body: metadata } = await call(
  '3. … and the issuer metadata',
  `${issuer}/.well-known/openid-credential-issuer/${holder}`,
);
const tokenUrl = `${metadata.credential_issuer}/token`;
const tokenRequest = async (label, nonce) =>
  call(
    label,
    tokenUrl,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        dpop: await dpop('POST', tokenUrl, nonce),
      },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
        'pre-authorized_code': grant['pre-authorized_code'],
        tx_code: offer.tx_code,
      }),
    },
    { allow: 'use_dpop_nonce' },
  );
const first = await tokenRequest(
  '4. Token request with the pre-authorized code, the tx_code and a DPoP proof',
);
const token = first.body.access_token
  ? first
  : await tokenRequest('   … again, with the DPoP nonce the issuer asked for', first.dpopNonce);
const {
  body: { c_nonce: nonce },
} = await call('5. A fresh nonce', metadata.nonce_endpoint, { method: 'POST' });
const { privateKey, publicKey } = await generateKeyPair('ES256');
const proof = await new SignJWT({
  aud: metadata.credential_issuer,
  nonce,
  iat: Math.floor(Date.now() / 1000),
})
  .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: await exportJWK(publicKey) })
  .sign(privateKey);
const accessToken = token.body.access_token;
const { body: response } = await call(
  `6. Credential request with a proof of the holder key (token_type ${token.body.token_type})`,
  metadata.credential_endpoint,
  {
    method: 'POST',
    headers: {
      authorization: `${token.body.token_type} ${accessToken}`,
      ...(token.body.token_type === 'DPoP'
        ? { dpop: await dpop('POST', metadata.credential_endpoint, token.dpopNonce, accessToken) }
        : {}),
      'content-type': 'application/json',
    },
    body: JSON.stringify({ credential_configuration_id: configurationId, proofs: { jwt: [proof] } }),
  },
);
const decoded = decodeSdJwtVc(response.credentials[0].credential);
console.log('\n7. The SD-JWT VC, each claim a separate disclosure:');
for (const claim of decoded.claimList.filter((c) => c.path.length === 1 || c.selectivelyDisclosable)) {
  console.log(
    `  ${claim.path.join('.')}${claim.selectivelyDisclosable ? ' (disclosable)' : ''}: ${JSON.stringify(claim.value)}`,
  );
}
