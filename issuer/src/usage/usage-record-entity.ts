import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/** What a holder did with a person's data; the person reads these at `GET /{holder}/usage`. */
export type UsageAction = 'issued' | 'lookup' | 'staff_view' | 'revoked' | 'suspended' | 'reinstated';

/**
 * One use of one person's data at one holder. The person is `personKey`, an HMAC of their
 * number under the issuer's secret (person-key.ts), so the log itself names nobody.
 */
export interface UsageRecordRow {
  id: number;
  holderId: string;
  personKey: string;
  /** Epoch seconds. */
  time: number;
  action: UsageAction;
  receiverName: string;
  receiverOrgNumber: string | null;
  /** The receiving body's system, as it named itself (look-ups) or as the holder knows it. */
  receiverSystem: string | null;
  fields: string[];
  purpose: string;
  legalBasis: string;
}

export const UsageRecordEntity = new EntitySchema<UsageRecordRow>({
  name: 'UsageRecord',
  tableName: 'usage_record',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    holderId: textColumn('holder_id'),
    personKey: textColumn('person_key'),
    time: epochColumn('time'),
    action: textColumn('action'),
    receiverName: textColumn('receiver_name'),
    receiverOrgNumber: textColumn('receiver_org_number', true),
    receiverSystem: textColumn('receiver_system', true),
    fields: jsonColumn('fields'),
    purpose: textColumn('purpose'),
    legalBasis: textColumn('legal_basis'),
  },
  indices: [{ name: 'idx_usage_record_person', columns: ['holderId', 'personKey', 'time', 'id'] }],
});
