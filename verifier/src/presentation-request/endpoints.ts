/** Every URL of one presentation request, derived from the service's base URL and its id. */
export function presentationEndpoints(baseUrl: string, id: string) {
  return {
    requestUri: `${baseUrl}/openid4vp/requests/${id}`,
    responseUri: `${baseUrl}/openid4vp/responses/${id}`,
    qr: `${baseUrl}/openid4vp/requests/${id}/qr.svg`,
  };
}

/** OpenID4VP 1.0 §5.10 (JAR by reference): `openid4vp://?client_id=…&request_uri=…`. */
export function openid4vpUrl(clientId: string, requestUri: string): string {
  const query = new URLSearchParams({ client_id: clientId, request_uri: requestUri });
  return `openid4vp://?${query.toString()}`;
}

/** The demo wallet's same-device entry point for a request. */
export function walletPresentUrl(walletBaseUrl: string, openid4vp: string): string {
  return `${walletBaseUrl}/present?request=${encodeURIComponent(openid4vp)}`;
}
