import { isPathCovered, projectClaims } from './claim-paths.js';

describe('claim paths', () => {
  it('covers a disclosed claim on the way to, at, or inside a requested path', () => {
    expect(isPathCovered(['address', 'locality'], ['address'])).toBe(true);
    expect(isPathCovered(['address', 'locality'], ['address', 'locality'])).toBe(true);
    expect(isPathCovered(['address'], ['address', 'street_address'])).toBe(true);
    expect(isPathCovered(['courses', null, 'grade'], ['courses', 3])).toBe(true);
    expect(isPathCovered(['courses', 0], ['courses', 1])).toBe(false);
    expect(isPathCovered(['address', 'locality'], ['address', 'street_address'])).toBe(false);
    expect(isPathCovered(['given_name'], ['personal_identity_number'])).toBe(false);
    // null matches array indexes only (OpenID4VP 1.0 §7.1), never an object member.
    expect(isPathCovered([null], ['given_name'])).toBe(false);
  });

  it('projects only the requested claims out of the verified ones', () => {
    const claims = {
      given_name: 'Alva',
      personal_identity_number: '200503152381',
      address: { locality: 'Umeå', street_address: 'Skolgatan 3' },
      courses: [
        { code: 'MATMAT05', grade: 'A' },
        { code: 'ENGENG07', grade: 'B' },
      ],
    };
    expect(
      projectClaims(claims, [['given_name'], ['address', 'locality'], ['courses', null, 'grade']]),
    ).toEqual({
      given_name: 'Alva',
      address: { locality: 'Umeå' },
      courses: [{ grade: 'A' }, { grade: 'B' }],
    });
    expect(projectClaims(claims, [['courses', 1]])).toEqual({
      courses: [undefined, { code: 'ENGENG07', grade: 'B' }],
    });
    expect(projectClaims(claims, [['missing'], ['address', 'nope']])).toEqual({ address: {} });
  });

  it('never lets a claim named __proto__ reach a prototype', () => {
    const claims = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const out = projectClaims(claims, [['__proto__'], ['a']]);
    expect(out).toEqual({ a: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
