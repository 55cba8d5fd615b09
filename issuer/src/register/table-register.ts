import type { RegisterStore } from '../persistence/register-store.js';
import type { RegisterAdapter, RegisterLookup } from './register-adapter.js';

/** The demo registers: rows in the issuer's own `register_record` table. */
export function createTableRegister(store: RegisterStore): RegisterAdapter {
  return {
    async lookup({ holderId, recordType, identityNumber, now }): Promise<RegisterLookup> {
      const record = await store.find(holderId, identityNumber, recordType);
      if (!record) return { status: 'not_found' };
      if (record.readyAt !== null && record.readyAt > now) {
        return { status: 'pending', retryAfterSeconds: Math.max(1, Math.min(60, record.readyAt - now)) };
      }
      return { status: 'found', claims: record.data };
    },
    async recordTypes({ holderId, identityNumber }) {
      return store.listRecordTypes(holderId, identityNumber);
    },
  };
}
