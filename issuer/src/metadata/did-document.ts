import type { HolderRuntime } from '../context.js';

/** The holder's did:web document: its issuing key as a JsonWebKey2020 verification method. */
export function createDidDocument(holder: HolderRuntime) {
  const { did, kid, publicJwk } = holder.key;
  const methodId = `${did}#${kid}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: [{ id: methodId, type: 'JsonWebKey2020', controller: did, publicKeyJwk: publicJwk }],
    authentication: [methodId],
    assertionMethod: [methodId],
  };
}

/** `/.well-known/jwt-vc-issuer/{holder}` (SD-JWT VC §5): the keys that sign its credentials. */
export function createJwtVcIssuerMetadata(holder: HolderRuntime) {
  return { issuer: holder.issuerUrl, jwks: { keys: [holder.key.publicJwk] } };
}
