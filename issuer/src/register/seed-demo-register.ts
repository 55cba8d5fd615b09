import type { RegisterStore } from '../persistence/register-store.js';
import { demoRegisterRecords } from './demo-register-data.js';

/** Fills the demo registers once (an existing database keeps its own contents). */
export async function seedDemoRegister(store: RegisterStore, now: number): Promise<number> {
  if ((await store.count()) > 0) return 0;
  for (const record of demoRegisterRecords) {
    await store.upsert({ ...record, readyAt: null, updatedAt: now });
  }
  return demoRegisterRecords.length;
}
