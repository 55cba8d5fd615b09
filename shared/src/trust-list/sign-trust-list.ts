import type { KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, importJWK, type JWK } from 'jose';
import { zTrustList, type TrustList } from './z-trust-list.js';

export const trustListTyp = 'trust-list+jwt';

/** Signs the trust list as a compact JWS (`typ: trust-list+jwt`) with the operator's key. */
export async function signTrustList(options: {
  trustList: TrustList;
  privateKey: KeyObject;
  kid: string;
}): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify(zTrustList.parse(options.trustList)));
  return new CompactSign(payload)
    .setProtectedHeader({ alg: 'ES256', typ: trustListTyp, kid: options.kid })
    .sign(options.privateKey);
}

/** Verifies the operator's signature and the list's shape; throws on either failing. */
export async function verifyTrustList(options: { jws: string; operatorJwk: JWK }): Promise<TrustList> {
  const key = await importJWK(options.operatorJwk, 'ES256');
  const { payload, protectedHeader } = await compactVerify(options.jws.trim(), key, {
    algorithms: ['ES256'],
  });
  if (protectedHeader.typ !== trustListTyp) throw new Error(`trust list typ must be ${trustListTyp}`);
  return zTrustList.parse(JSON.parse(new TextDecoder().decode(payload)));
}
