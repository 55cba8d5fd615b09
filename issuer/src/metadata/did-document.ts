import type { HolderRuntime } from '../context.js';

/** The holder's did:web document: its issuing key as a JsonWebKey2020 verification method. */
export function createDidDocument(holder: HolderRuntime) {
  const { did } = holder.keys.active;
  // Every key the holder has signed with stays a verification method: old credentials still verify.
  const methods = holder.keys.all.map((key) => ({
    id: `${did}#${key.kid}`,
    type: 'JsonWebKey2020',
    controller: did,
    publicKeyJwk: key.publicJwk,
  }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: methods,
    authentication: methods.map((m) => m.id),
    assertionMethod: methods.map((m) => m.id),
  };
}

/** `/.well-known/jwt-vc-issuer/{holder}` (SD-JWT VC §5): the keys that sign its credentials. */
export function createJwtVcIssuerMetadata(holder: HolderRuntime) {
  return { issuer: holder.issuerUrl, jwks: { keys: holder.keys.all.map((key) => key.publicJwk) } };
}
