#!/usr/bin/env node
// Walks through OpenID4VCI against the running demo issuer, printing each HTTP exchange:
// staff offer → credential offer by reference → token (pre-authorized code + tx_code) →
// nonce → credential (with a jwt proof of a fresh holder key) → the disclosed claims.
// Usage: node scripts/walkthrough.js [holder] [personal identity number] [configuration id]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

async function call(label, url, init = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  console.log(`\n${label}\n  ${init.method ?? 'GET'} ${url} → ${response.status}`);
  const body = text.startsWith('{') ? JSON.parse(text) : text;
  console.log(`  ${JSON.stringify(body).slice(0, 400)}`);
  if (!response.ok) process.exit(1);
  return body;
}

const offer = await call("1. The holder's staff system creates an offer", `${issuer}/${holder}/offers`, {
  method: 'POST',
  headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    personal_identity_number: pnr,
    credential_configuration_ids: [configurationId],
    tx_code: true,
  }),
});
const credentialOffer = await call(
  '2. The wallet fetches the offer by reference',
  offer.credential_offer_uri,
);
const grant = credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
const metadata = await call(
  '3. … and the issuer metadata',
  `${issuer}/.well-known/openid-credential-issuer/${holder}`,
);
const token = await call(
  '4. Token request with the pre-authorized code and the tx_code',
  `${metadata.credential_issuer}/token`,
  {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
      'pre-authorized_code': grant['pre-authorized_code'],
      tx_code: offer.tx_code,
    }),
  },
);
const { c_nonce: nonce } = await call('5. A fresh nonce', metadata.nonce_endpoint, { method: 'POST' });
const { privateKey, publicKey } = await generateKeyPair('ES256');
const proof = await new SignJWT({
  aud: metadata.credential_issuer,
  nonce,
  iat: Math.floor(Date.now() / 1000),
})
  .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: await exportJWK(publicKey) })
  .sign(privateKey);
const response = await call(
  '6. Credential request with a proof of the holder key',
  metadata.credential_endpoint,
  {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
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
