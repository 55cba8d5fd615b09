import type { DIDResolutionResult, Resolvable } from 'did-resolver';
import type { JWK } from 'jose';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';

/**
 * A DID resolver for verifying W3C VC-JWTs without network access: an issuer's did:web from
 * the keys the trust list carries for it (the list is the authority on those keys, and the
 * demo's did:web over plain http cannot be resolved by the standard resolver), and a holder's
 * did:jwk from the DID itself.
 */
export function createTrustListDidResolver(trustList: TrustList | undefined): Resolvable {
  return {
    async resolve(didUrl: string): Promise<DIDResolutionResult> {
      const did = didUrl.split('#')[0];
      if (did.startsWith('did:web:')) {
        const issuer = trustList?.issuers.find((i) => i.did === did);
        if (!issuer) return notFound(`${did} is not a trusted issuer's DID`);
        return found(
          did,
          (issuer.jwks.keys as JWK[]).map((jwk, i) => ({ id: `${did}#${jwk.kid ?? String(i)}`, jwk })),
        );
      }
      if (did.startsWith('did:jwk:')) {
        let jwk: JWK;
        try {
          jwk = JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8')) as JWK;
        } catch {
          return notFound('the did:jwk does not hold a JWK');
        }
        if (typeof jwk !== 'object' || jwk === null || 'd' in jwk)
          return notFound('the did:jwk does not hold a public JWK');
        return found(did, [{ id: `${did}#0`, jwk }]);
      }
      return notFound(`DID method of ${did} is not supported here`);
    },
  };
}

function found(did: string, keys: Array<{ id: string; jwk: JWK }>): DIDResolutionResult {
  const methods = keys.map(({ id, jwk }) => ({
    id,
    type: 'JsonWebKey2020',
    controller: did,
    publicKeyJwk: jwk,
  }));
  return {
    didResolutionMetadata: { contentType: 'application/did+json' },
    didDocument: {
      '@context': ['https://www.w3.org/ns/did/v1'],
      id: did,
      verificationMethod: methods as NonNullable<
        NonNullable<DIDResolutionResult['didDocument']>['verificationMethod']
      >,
      assertionMethod: methods.map((m) => m.id),
      authentication: methods.map((m) => m.id),
    },
    didDocumentMetadata: {},
  };
}

function notFound(message: string): DIDResolutionResult {
  return {
    didResolutionMetadata: { error: 'notFound', message },
    didDocument: null,
    didDocumentMetadata: {},
  };
}
