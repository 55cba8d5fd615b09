import { parseDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import { isSimpleQuerySatisfied } from './dcql-fast-path.js';
import type { VerifiedPresentation } from './verify-sd-jwt-presentation.js';

const vct = 'https://issuer.example/af/vct/registration-certificate';
const presentation = (claims: Record<string, unknown>, type = vct): VerifiedPresentation => ({
  iss: 'https://issuer.example/af',
  vct: type,
  format: 'dc+sd-jwt',
  claims,
});
const query = (extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  parseDcqlQuery({
    credentials: [
      {
        id: 'registration',
        format: 'dc+sd-jwt',
        meta: { vct_values: [vct] },
        claims: [{ path: ['given_name'] }, { path: ['address', 'locality'] }],
        ...extra,
      },
    ],
    ...top,
  });
const full = { given_name: 'Tolvan', address: { locality: 'Solna' } };

describe('the DCQL shortcut for simple queries', () => {
  it('answers satisfied when every requested path is present in a presentation of an accepted vct', () => {
    expect(isSimpleQuerySatisfied(query(), { registration: [presentation(full)] })).toBe(true);
  });

  it('leaves a missing claim, a null claim, another vct or a missing query to the dcql library', () => {
    expect(isSimpleQuerySatisfied(query(), { registration: [presentation({ given_name: 'Tolvan' })] })).toBe(
      false,
    );
    expect(
      isSimpleQuerySatisfied(query(), {
        registration: [presentation({ ...full, address: { locality: null } })],
      }),
    ).toBe(false);
    expect(isSimpleQuerySatisfied(query(), { registration: [presentation(full, 'urn:other')] })).toBe(false);
    expect(isSimpleQuerySatisfied(query(), {})).toBe(false);
  });

  it('leaves values, claim sets and credential sets to the dcql library', () => {
    const withValues = query({ claims: [{ path: ['given_name'], values: ['Tolvan'] }] });
    expect(isSimpleQuerySatisfied(withValues, { registration: [presentation(full)] })).toBe(false);
    const withClaimSets = query({
      claims: [
        { id: 'a', path: ['given_name'] },
        { id: 'b', path: ['address', 'locality'] },
      ],
      claim_sets: [['a'], ['b']],
    });
    expect(isSimpleQuerySatisfied(withClaimSets, { registration: [presentation(full)] })).toBe(false);
    const withSets = query({}, { credential_sets: [{ options: [['registration']] }] });
    expect(isSimpleQuerySatisfied(withSets, { registration: [presentation(full)] })).toBe(false);
  });
});
