import { comingOfAge, guardianDatasets } from './guardianship.js';

const child = (birthdate: string, pnr: string) => ({
  given_name: 'Barn',
  family_name: 'Berg',
  personal_identity_number: pnr,
  birthdate,
});

describe('guardian credentials per child', () => {
  it('ends at midnight in Sweden on the 18th birthday, summer and winter time alike', () => {
    expect(new Date(comingOfAge('2014-05-21') * 1000).toISOString()).toBe('2032-05-20T22:00:00.000Z');
    expect(new Date(comingOfAge('2006-02-14') * 1000).toISOString()).toBe('2024-02-13T23:00:00.000Z');
    // Born on 29 February: of age on 1 March in a year without one.
    expect(new Date(comingOfAge('2008-02-29') * 1000).toISOString()).toBe('2026-02-28T23:00:00.000Z');
  });

  it('makes one dataset per child under 18 and none for a child who has turned 18', () => {
    const record = {
      given_name: 'Karin',
      role: 'vårdnadshavare',
      children: [child('2014-05-21', '201405212422'), child('2006-02-14', '200602142739')],
    };
    const eveOfJohansBirthday = comingOfAge('2006-02-14') - 1;
    expect(guardianDatasets(record, eveOfJohansBirthday).map((d) => d.ref)).toEqual([
      '201405212422',
      '200602142739',
    ]);
    const datasets = guardianDatasets(record, comingOfAge('2006-02-14'));
    expect(datasets).toEqual([
      {
        ref: '201405212422',
        claims: { given_name: 'Karin', role: 'vårdnadshavare', child: child('2014-05-21', '201405212422') },
        expiresAt: comingOfAge('2014-05-21'),
      },
    ]);
    expect(guardianDatasets({ role: 'vårdnadshavare' }, 0)).toEqual([]);
  });
});
