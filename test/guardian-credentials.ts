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

/**
 * Skatteverket's guardian credentials for a parent, as a wallet fetches them: offer → token
 * (one credential_identifier per child under 18) → one credential per identifier, each bound
 * to a key of its own.
 */
export async function obtainGuardianCredentials(
  issuer: RunningIssuer,
  pnr: string,
): Promise<IssuedCredential[]> {
  const base = issuer.baseUrl;
  const offer = await createOffer(base, issuer.apiKey, 'skatteverket', {
    personal_identity_number: pnr,
    credential_configuration_ids: ['guardian_credential'],
  });
  if (offer.status !== 201) throw new Error(`offer failed: ${JSON.stringify(offer.body)}`);
  const token = await postForm(`${base}/skatteverket/token`, {
    grant_type: preAuthorizedGrant,
    'pre-authorized_code': offer.body.credential_offer.grants[preAuthorizedGrant]['pre-authorized_code'],
    tx_code: offer.body.tx_code,
  });
  if (token.status !== 200) throw new Error(`token failed: ${JSON.stringify(token.body)}`);
  const identifiers: string[] = token.body.authorization_details[0].credential_identifiers;
  const issued: IssuedCredential[] = [];
  for (const identifier of identifiers) {
    const holderKey = await createHolderKey();
    const proof = await createProof({
      key: holderKey,
      audience: `${base}/skatteverket`,
      nonce: await fetchNonce(base, 'skatteverket'),
    });
    const response = await postJson(
      `${base}/skatteverket/credential`,
      { credential_identifier: identifier, proofs: { jwt: [proof] } },
      { authorization: `Bearer ${token.body.access_token}` },
    );
    if (response.status !== 200) throw new Error(`credential failed: ${JSON.stringify(response.body)}`);
    issued.push({ credential: response.body.credentials[0].credential, holderKey });
  }
  return issued;
}
