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
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
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
  },
});
if (!values.list || !values.key || !values.out) {
  console.error(
    'usage: npm run trust-list:sign -- --list list.json --key operator.private.jwk.json --out trust-list.jwt',
  );
  process.exit(2);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
/** Public members only, with the kid consumers pick the key by. */
function publicKey(jwk, file) {
  if (!jwk.kid) throw new Error(`${file}: an operator key needs a kid`);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: jwk.kid };
}

const privateJwk = readJson(values.key);
const signing = publicKey(privateJwk, values.key);
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
  privateKey: createPrivateKey({ key: privateJwk, format: 'jwk' }),
  kid: signing.kid,
});
writeFileSync(`${values.out}.tmp`, jws);
renameSync(`${values.out}.tmp`, values.out);
console.log(
  `signed trust list sequence ${sequence} with ${signing.kid}, next_update ${trustList.next_update}`,
);
