/**
 * The WebAuthn relying party is the wallet's public origin (`WALLET_BASE_URL`): the RP ID is its
 * host name (WebAuthn refuses IP addresses, hence http://localhost:3000 in the demo) and every
 * response must come from exactly that origin.
 */
export interface RelyingParty {
  rpID: string;
  origin: string;
  rpName: string;
}

export function relyingParty(baseUrl: string): RelyingParty {
  const url = new URL(baseUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Min profil' };
}

/** How long a registration or unlock ceremony may take (seconds). */
export const challengeTtl = 300;
