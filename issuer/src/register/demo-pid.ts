import { demoPeople } from '@min-profil/shared/demo-people';
import type { DemoRecord } from './demo-register-data.js';

/**
 * The demo PID provider's records (issue #20): everyone in the population register, with the
 * PID Rulebook's claims. Nationalities are ISO 3166-1 alpha-2 codes.
 */
const nationalities: Record<string, string[]> = {
  '199204781539': ['ES'],
  '198806244417': ['SY'],
};

export const demoPidRecords: DemoRecord[] = demoPeople.map((p) => ({
  holderId: 'pid',
  identityNumber: p.identityNumber,
  recordType: 'pid',
  data: {
    given_name: p.givenName,
    family_name: p.familyName,
    birthdate: p.birthdate,
    nationalities: nationalities[p.identityNumber] ?? ['SE'],
    personal_administrative_number: p.identityNumber,
    issuing_authority: 'Min profil demo PID provider',
    issuing_country: 'SE',
  },
}));
