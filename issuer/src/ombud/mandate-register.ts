import type { RegisterAdapter } from '../register/register-adapter.js';
import type { MandateStore } from './mandate-store.js';

/**
 * Mina ombud's answer for an agent: the unrevoked grants naming them, with the agent's own name
 * from the population register. Every other holder's record comes from `registers`.
 */
export function withMandateRegister(registers: RegisterAdapter, mandates: MandateStore): RegisterAdapter {
  return {
    async lookup(options) {
      if (options.holderId !== 'ombud') return registers.lookup(options);
      if (options.recordType !== 'mandate') return { status: 'not_found' };
      const grants = await mandates.unrevokedForAgent(options.identityNumber);
      if (grants.length === 0) return { status: 'not_found' };
      return { status: 'found', claims: { mandates: grants } };
    },
    async recordTypes(options) {
      if (options.holderId !== 'ombud') return registers.recordTypes(options);
      return (await mandates.unrevokedForAgent(options.identityNumber)).length > 0 ? ['mandate'] : [];
    },
  };
}
