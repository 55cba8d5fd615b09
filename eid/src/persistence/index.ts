import { OidcPayloadEntity, ProviderSecretEntity } from './entities.js';
import { CreateEidTables1767225600000 } from './migrations.js';

/** Pass these to `openDatabase` (from @min-profil/shared/db) for the eID provider's schema. */
export const eidEntities = [OidcPayloadEntity, ProviderSecretEntity];
export const eidMigrations = [CreateEidTables1767225600000];

export { createOidcPayloadAdapterFactory, removeExpiredOidcPayloads } from './oidc-payload-adapter.js';
export { loadOrStoreProviderSecret } from './provider-secrets.js';
