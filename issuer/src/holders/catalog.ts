import { arbetsformedlingen } from './af.js';
import { bolagsverket } from './bolagsverket.js';
import type { CredentialConfiguration, HolderDefinition } from './holder-types.js';
import { migrationsverket } from './migrationsverket.js';
import { ombud } from './ombud.js';
import { pidProvider } from './pid-provider.js';
import { skatteverket } from './skatteverket.js';
import { skola } from './skola.js';

export const demoHolders: readonly HolderDefinition[] = [
  arbetsformedlingen,
  skatteverket,
  migrationsverket,
  skola,
  pidProvider,
  bolagsverket,
  ombud,
];

export const demoHolderIds: readonly string[] = demoHolders.map((holder) => holder.id);

export function findConfiguration(holder: HolderDefinition, id: string): CredentialConfiguration | undefined {
  return holder.configurations.find((c) => c.id === id);
}
