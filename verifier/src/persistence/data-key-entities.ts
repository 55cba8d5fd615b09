import { EntitySchema } from 'typeorm';
import { epochColumn, textColumn } from '@min-profil/shared/entity-columns';

/**
 * Each consumer's data key (envelope encryption, crypto/consumer-data-keys.ts): 256 bits,
 * stored only wrapped (AES-256-GCM) by the verifier's master data key from configuration.
 */
export interface DataKeyRow {
  consumerId: string;
  wrappedKey: string;
  createdAt: number;
}

export const DataKeyEntity = new EntitySchema<DataKeyRow>({
  name: 'DataKey',
  tableName: 'verifier_data_key',
  columns: {
    consumerId: { type: 'varchar', primary: true, name: 'consumer_id' },
    wrappedKey: textColumn('wrapped_key'),
    createdAt: epochColumn('created_at'),
  },
});
