import { OAuthError } from '@min-profil/shared/errors';
import { discoverOidcProvider } from '@min-profil/shared/oidc-rp/discover-provider';
import type { OidcProviderMetadata } from '@min-profil/shared/oidc-rp/z-provider-metadata';
import type { EidSettings } from '../context.js';

/** The wallet as a relying party of the eID provider; metadata is discovered once and kept. */
export interface EidClient {
  clientId: string;
  clientSecret?: string;
  metadata(): Promise<OidcProviderMetadata>;
}

export function createEidClient(settings: EidSettings | undefined): EidClient {
  let discovered: Promise<OidcProviderMetadata> | undefined;
  return {
    clientId: settings?.clientId ?? '',
    clientSecret: settings?.clientSecret,
    metadata() {
      if (!settings) {
        return Promise.reject(
          new OAuthError('temporarily_unavailable', 'sign-in with eID is not configured on this wallet'),
        );
      }
      discovered ??= discoverOidcProvider(settings.issuer).catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
      return discovered;
    },
  };
}
