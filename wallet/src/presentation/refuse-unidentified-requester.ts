import type { TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';

/** Why the wallet will not answer a request at all (nothing is sent to its `response_uri`). */
export type UnidentifiedRequester = 'unsigned_request' | 'self_certifying_client';

export interface RequestRefusal {
  /** OpenID4VP 1.0 §8.5: the wallet does not accept this client identifier for sharing. */
  error: 'invalid_request';
  reason: UnidentifiedRequester;
  message: { sv: string; en: string };
}

const messages: Record<UnidentifiedRequester, RequestRefusal['message']> = {
  unsigned_request: {
    sv: 'Begäran är inte signerad, så plånboken kan inte kontrollera vem som frågar. Länken kan komma från någon som vill komma åt dina uppgifter. Ingenting har skickats. Be den som frågar om en ny begäran från en registrerad mottagare.',
    en: 'The request is not signed, so the wallet cannot check who is asking. The link may come from someone trying to get hold of your data. Nothing has been sent. Ask whoever is asking for a new request from a registered recipient.',
  },
  self_certifying_client: {
    sv: 'Begäran är signerad med en nyckel som inte knyts till någon känd mottagare, så plånboken kan inte kontrollera vem som frågar. Länken kan komma från någon som vill komma åt dina uppgifter. Ingenting har skickats.',
    en: 'The request is signed with a key that belongs to no known recipient, so the wallet cannot check who is asking. The link may come from someone trying to get hold of your data. Nothing has been sent.',
  },
};

/**
 * The wallet shares nothing, not even the self-asserted contact profile, with an asker it cannot
 * identify: an unsigned request (the `redirect_uri` client identifier prefix, OpenID4VP 1.0
 * §5.9.3), or one signed with a self-certifying DID (did:jwk, did:key) the trust list does not
 * name — anyone can make such a key, so its signature names no one. HAIP 1.0 requires signed
 * requests from verifiers. Both would otherwise let a crafted link collect a person's data at a
 * `response_uri` of the link's choosing. A signed request from a did:web the trust list does
 * not name still gets an answer, with its domain shown and the "not registered" warning.
 * `allowUnsigned` (WALLET_ALLOW_UNSIGNED_REQUESTS=1) keeps the old behaviour for development.
 */
export function refuseUnidentifiedRequester(options: {
  client: { prefix: string; identifier: string };
  verified: boolean;
  consumer: TrustedConsumer | undefined;
  allowUnsigned: boolean;
}): RequestRefusal | null {
  if (options.allowUnsigned) return null;
  let reason: UnidentifiedRequester | null = null;
  if (!options.verified) reason = 'unsigned_request';
  else if (
    options.consumer === undefined &&
    options.client.prefix === 'decentralized_identifier' &&
    /^did:(jwk|key):/.test(options.client.identifier)
  )
    reason = 'self_certifying_client';
  return reason === null ? null : { error: 'invalid_request', reason, message: messages[reason] };
}
