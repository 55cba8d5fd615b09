import type { EntityManager } from 'typeorm';
import type { HolderDefinition } from '../holders/holder-types.js';
import { usagePersonKey } from './person-key.js';
import type { UsageAction, UsageRecordRow } from './usage-record-entity.js';
import type { UsageStore } from './usage-store.js';

/** A use of one person's data, as the code that made it describes it. */
export interface Use {
  identityNumber: string;
  action: UsageAction;
  receiver: { name: string; orgNumber: string | null; system: string | null };
  fields: string[];
  purpose: string;
  legalBasis: string;
}

/**
 * Every use of a person's data at a holder, recorded (with the person as an HMAC, never the
 * number) and read back by that person. `record` joins the caller's transaction when given one.
 */
export function createUsageLog(options: { store: UsageStore; secret: Buffer; now: () => number }) {
  const { store, secret } = options;
  const key = (holderId: string, identityNumber: string) => usagePersonKey(secret, holderId, identityNumber);
  return {
    async record(holder: HolderDefinition, uses: Use[], manager?: EntityManager): Promise<void> {
      const time = options.now();
      await store.insert(
        uses.map((use) => ({
          holderId: holder.id,
          personKey: key(holder.id, use.identityNumber),
          time,
          action: use.action,
          receiverName: use.receiver.name,
          receiverOrgNumber: use.receiver.orgNumber,
          receiverSystem: use.receiver.system,
          fields: [...new Set(use.fields)],
          purpose: use.purpose,
          legalBasis: use.legalBasis,
        })),
        manager,
      );
    },
    async page(options: {
      holderId: string;
      identityNumber: string;
      limit: number;
      after?: { time: number; id: number };
    }): Promise<UsageRecordRow[]> {
      return store.page({ ...options, personKey: key(options.holderId, options.identityNumber) });
    },
  };
}

export type UsageLog = ReturnType<typeof createUsageLog>;
