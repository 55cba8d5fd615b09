import type { HolderDefinition } from '../holders/holder-types.js';

/**
 * Organisation numbers of the demo holders (the agencies' public ones; the demo school is
 * fictional and has none). The holder is the receiver of its own staff's uses.
 */
const orgNumbers: Record<string, string> = {
  af: '202100-2114',
  skatteverket: '202100-5448',
  migrationsverket: '202100-2163',
};

export function holderAsReceiver(holder: HolderDefinition, system: string) {
  return { name: holder.name.sv, orgNumber: orgNumbers[holder.id] ?? null, system };
}
