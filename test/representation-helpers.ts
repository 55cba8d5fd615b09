import type { RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  createHolderKey,
  createOffer,
  createProof,
  fetchNonce,
  postForm,
  postJson,
  preAuthorizedGrant,
} from '../issuer/test/wallet-client.js';
import type { IssuedCredential } from './verifier-helpers.js';

/** Each credential of a configuration with several (one per company, one per grant), by staff offer. */
export async function obtainEach(
  issuer: RunningIssuer,
  holder: string,
  pnr: string,
  configurationId: string,
): Promise<Array<IssuedCredential & { claims: Record<string, unknown> }>> {
  const offer = await createOffer(issuer.baseUrl, issuer.apiKey, holder, {
    personal_identity_number: pnr,
    credential_configuration_ids: [configurationId],
  });
  expect(offer.status).toBe(201);
  const token = await postForm(`${issuer.baseUrl}/${holder}/token`, {
    grant_type: preAuthorizedGrant,
    'pre-authorized_code': offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'],
    tx_code: offer.body.tx_code,
  });
  expect(token.status).toBe(200);
  const accessToken = token.body.access_token as string;
  const out = [];
  for (const identifier of token.body.authorization_details[0].credential_identifiers as string[]) {
    const holderKey = await createHolderKey();
    const proof = await createProof({
      key: holderKey,
      audience: `${issuer.baseUrl}/${holder}`,
      nonce: await fetchNonce(issuer.baseUrl, holder),
    });
    const response = await postJson(
      `${issuer.baseUrl}/${holder}/credential`,
      { credential_identifier: identifier, proofs: { jwt: [proof] } },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(response.status).toBe(200);
    const credential = response.body.credentials[0].credential as string;
    // The disclosures name what it is for (org number, principal): enough to pick it in a test.
    const claims = Object.fromEntries(
      credential
        .split('~')
        .slice(1, -1)
        .map((d) => JSON.parse(Buffer.from(d, 'base64url').toString()) as unknown[])
        .filter((d) => d.length === 3)
        .map((d) => [d[1], d[2]]),
    );
    const payload = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString());
    out.push({ credential, holderKey, claims: { ...payload, ...claims } });
  }
  return out;
}
