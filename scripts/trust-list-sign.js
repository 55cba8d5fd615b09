#!/usr/bin/env node
// The trust-list operator's signing step (docs/trust-list.md): takes the list's content as JSON
// (operator, issuers, consumers, wallet_providers, …), makes it a version 2 list with issued_at,
// next_update, a sequence higher than any before (kept in a counter file) and the operator keys,
// signs it with the operator's private key, and writes the JWS whole (renamed into place).
//
//   npm run trust-list:sign -- --list list.json --key operator-2.private.jwk.json \
//     --out trust-list.jwt [--sequence-file trust-list-sequence.json] [--validity-hours 24] \
//     [--current-key operator-1.pub.json …] [--next-key operator-3.pub.json …]
//
// Rotation from A to B: sign with A and --next-key B; a validity period later sign with B and
// --current-key A (the overlap); then sign with B alone (A retired).
//
// With the operator's key in a PKCS#11 token (TRUST_LIST_PKCS11_MODULE, _TOKEN_LABEL or _SLOT,
// _PIN; docs/operations.md): generate it inside the token once, then sign with it there.
//
//   npm run trust-list:sign -- --pkcs11-generate --kid operator-2 --public-out operator-2.pub.json
//   npm run trust-list:sign -- --list list.json --pkcs11-key <id> --kid operator-2 --out trust-list.jwt
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readPkcs11Config } from '@min-profil/shared/signing/pkcs11-config';
import { Pkcs11Token } from '@min-profil/shared/signing/pkcs11-token';
import { signTrustList } from '@min-profil/shared/trust-list/sign-trust-list';

const { values } = parseArgs({
  options: {
    list: { type: 'string' },
    key: { type: 'string' },
    out: { type: 'string' },
    'sequence-file': { type: 'string', default: 'trust-list-sequence.json' },
    'validity-hours': { type: 'string', default: '24' },
    'current-key': { type: 'string', multiple: true, default: [] },
    'next-key': { type: 'string', multiple: true, default: [] },
    'pkcs11-key': { type: 'string' },
    'pkcs11-generate': { type: 'boolean', default: false },
    kid: { type: 'string' },
    'public-out': { type: 'string' },
  },
});
const usage = [
  'usage: npm run trust-list:sign -- --list list.json --key operator.private.jwk.json --out trust-list.jwt',
  '       npm run trust-list:sign -- --list list.json --pkcs11-key <id> --kid <kid> --out trust-list.jwt',
  '       npm run trust-list:sign -- --pkcs11-generate --kid <kid> --public-out operator.pub.json',
].join('\n');
const inToken = values['pkcs11-generate'] || values['pkcs11-key'] !== undefined;
if (
  values['pkcs11-generate']
    ? !values.kid || !values['public-out']
    : !values.list || !values.out || (inToken ? !values.kid || values.key : !values.key)
) {
  console.error(usage);
  process.exit(2);
}
/** The operator's token, from TRUST_LIST_PKCS11_*; only opened when a PKCS#11 option asks for it. */
async function openToken() {
  const config = readPkcs11Config(process.env, 'TRUST_LIST');
  if (!config) throw new Error('set TRUST_LIST_PKCS11_MODULE, _TOKEN_LABEL (or _SLOT) and _PIN');
  return Pkcs11Token.open(config);
}

if (values['pkcs11-generate']) {
  // The key is made inside the token and never leaves it; only its public half is written.
  const token = await openToken();
  const key = await token.generateP256Key();
  token.close();
  const { kty, crv, x, y } = key.publicJwk;
  writeFileSync(values['public-out'], `${JSON.stringify({ kty, crv, x, y, kid: values.kid }, null, 2)}\n`);
  console.log(
    `generated operator key ${values.kid} in token ${token.name}: sign with --pkcs11-key ${key.id}`,
  );
  process.exit(0);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
/** Public members only, with the kid consumers pick the key by. */
function publicKey(jwk, file) {
  if (!jwk.kid) throw new Error(`${file}: an operator key needs a kid`);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: jwk.kid };
}

const token = inToken ? await openToken() : undefined;
const tokenKey = token ? await token.findKey(values['pkcs11-key']) : undefined;
const privateJwk = tokenKey ? undefined : readJson(values.key);
const signing = tokenKey
  ? publicKey({ ...tokenKey.publicJwk, kid: values.kid }, 'the token key')
  : publicKey(privateJwk, values.key);
const current = [signing, ...values['current-key'].map((f) => publicKey(readJson(f), f))];
const next = values['next-key'].map((f) => publicKey(readJson(f), f));

// Rises across runs and never repeats: the last sequence + 1, or the time in ms if later.
const sequenceFile = values['sequence-file'];
const last = existsSync(sequenceFile) ? readJson(sequenceFile).sequence : 0;
const sequence = Math.max(last + 1, Date.now());
writeFileSync(sequenceFile, JSON.stringify({ sequence }), { mode: 0o600 });

const content = readJson(values.list);
const issuedAt = new Date();
const trustList = {
  ...content,
  version: 2,
  issued_at: issuedAt.toISOString(),
  next_update: new Date(issuedAt.getTime() + Number(values['validity-hours']) * 3600_000).toISOString(),
  sequence,
  operator_keys: { keys: current },
  ...(next.length > 0 ? { next_operator_keys: { keys: next } } : {}),
};
if (next.length === 0) delete trustList.next_operator_keys;

const jws = await signTrustList({
  trustList,
  // The signing seam: inside the token, or with the key file in this process.
  privateKey: token
    ? token.signer(values['pkcs11-key'])
    : createPrivateKey({ key: privateJwk, format: 'jwk' }),
  kid: signing.kid,
});
token?.close();
writeFileSync(`${values.out}.tmp`, jws);
renameSync(`${values.out}.tmp`, values.out);
console.log(
  `signed trust list sequence ${sequence} with ${signing.kid}, next_update ${trustList.next_update}`,
);
