import type { CredentialConfiguration } from '../holders/holder-types.js';

/** Every URL a holder publishes, derived from its credential issuer identifier. */
export function endpointsFor(issuerUrl: string) {
  return {
    authorize: `${issuerUrl}/authorize`,
    authorizeDecision: `${issuerUrl}/authorize/decision`,
    pushedAuthorizationRequest: `${issuerUrl}/par`,
    eidCallback: `${issuerUrl}/eid/callback`,
    token: `${issuerUrl}/token`,
    revocation: `${issuerUrl}/revoke`,
    nonce: `${issuerUrl}/nonce`,
    credential: `${issuerUrl}/credential`,
    deferredCredential: `${issuerUrl}/deferred_credential`,
    notification: `${issuerUrl}/notification`,
    credentialOffer: (id: string) => `${issuerUrl}/credential-offers/${id}`,
    credentialOfferQr: (id: string) => `${issuerUrl}/credential-offers/${id}/qr.svg`,
    statusList: (listId: number) => `${issuerUrl}/status-lists/${listId}`,
    didDocument: `${issuerUrl}/did.json`,
    jwks: `${issuerUrl}/jwks.json`,
  };
}

/**
 * `vct` of an SD-JWT VC type: a URL under the holder that serves its type metadata, or the one
 * its rulebook fixes (the EU PID).
 */
export function vctFor(issuerUrl: string, configuration: CredentialConfiguration): string {
  return configuration.vct ?? `${issuerUrl}/vct/${configuration.typeName}`;
}

/** RFC 8414 §3 / OID4VCI 1.0 §12.2.2: the well-known segment goes between host and path. */
export function wellKnownUrl(issuerUrl: string, wellKnown: string): string {
  const url = new URL(issuerUrl);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/${wellKnown}${path}`;
}
