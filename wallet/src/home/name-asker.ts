import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';

/**
 * Who a request link says is asking, by the trust list alone: the `client_id` the link names
 * (`openid4vp://?client_id=…&request_uri=…`, or the wallet's own `/present?request=…`), looked up
 * as the consumer screen does. For the welcome before sign-in ("Trygga Försäkringar ber om
 * uppgifter"): nothing is fetched and nothing stored; the request object's signature is checked
 * only once the person has signed in and opens it, and a link naming a client it was not signed
 * by is refused there. `null` when the link names no listed consumer.
 */
export function nameAsker(link: string, list: TrustList): Record<string, string> | null {
  const clientId = readClientId(link);
  if (!clientId) return null;
  return findConsumer(list, clientId)?.name ?? null;
}

function readClientId(link: string): string | undefined {
  try {
    const url = new URL(link.trim());
    const inner = url.searchParams.get('request');
    // The wallet's own page link carries the openid4vp:// link in `request`.
    if (inner && !url.searchParams.has('client_id')) return readClientId(inner);
    return url.searchParams.get('client_id') ?? undefined;
  } catch {
    return undefined;
  }
}
