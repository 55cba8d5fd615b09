import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';
import type { RegisteredClient } from './registered-client.js';

/**
 * Finds a registered client by its `client_id`. Configured clients come first (an operator
 * can pin or override one); then the trust list's wallet providers that name a client_id.
 * The trust list is read on every look-up (its source caches and reloads on change), so a
 * wallet added to or removed from the list counts at once on every instance.
 */
export interface ClientRegistry {
  findClient(clientId: string): Promise<RegisteredClient | undefined>;
}

export function createClientRegistry(options: {
  configured: readonly RegisteredClient[];
  /** The signed trust list's wallet providers, read through its source on each call. */
  walletProviders?: () => Promise<WalletProvider[]>;
}): ClientRegistry {
  return {
    async findClient(clientId) {
      const configured = options.configured.find((c) => c.clientId === clientId);
      if (configured) return configured;
      if (!options.walletProviders) return undefined;
      const provider = (await options.walletProviders()).find((p) => p.client_id === clientId);
      if (!provider?.client_id || !provider.redirect_uris?.length) return undefined;
      return {
        clientId: provider.client_id,
        name: provider.name,
        redirectUris: provider.redirect_uris,
        source: 'trust_list',
        walletProviderId: provider.id,
      };
    },
  };
}
