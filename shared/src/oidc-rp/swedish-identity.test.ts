import { describe, expect, it } from '@jest/globals';
import { OidcRpError } from './oidc-rp-error.js';
import { readSwedishIdentity, swedishClaims } from './swedish-identity.js';

const pnr = swedishClaims.personalIdentityNumber;
const coordination = swedishClaims.coordinationNumber;

function identityError(claims: Record<string, unknown>): OidcRpError {
  try {
    readSwedishIdentity(claims);
  } catch (err) {
    if (err instanceof OidcRpError) return err;
    throw err;
  }
  throw new Error('readSwedishIdentity accepted the claims');
}

describe('readSwedishIdentity', () => {
  it('reads a personal identity number with the names and birth date', () => {
    expect(
      readSwedishIdentity({
        sub: 'x',
        [pnr]: '191212121212',
        given_name: 'Tolvan',
        family_name: 'Tolvansson',
        name: 'Tolvan Tolvansson',
        birthdate: '1912-12-12',
      }),
    ).toEqual({
      identityNumber: '191212121212',
      kind: 'personal_identity_number',
      givenName: 'Tolvan',
      familyName: 'Tolvansson',
      name: 'Tolvan Tolvansson',
      birthdate: '1912-12-12',
    });
  });

  it('reads a coordination number on its own', () => {
    expect(readSwedishIdentity({ [coordination]: '199204781539' })).toEqual({
      identityNumber: '199204781539',
      kind: 'coordination_number',
    });
  });

  it('leaves out empty or malformed optional claims', () => {
    expect(readSwedishIdentity({ [pnr]: '191212121212', given_name: '', birthdate: '12/12/1912' })).toEqual({
      identityNumber: '191212121212',
      kind: 'personal_identity_number',
    });
  });

  it('refuses claims with neither number', () => {
    const error = identityError({ sub: 'x', given_name: 'Tolvan' });
    expect(error).toMatchObject({ reason: 'identity_invalid', code: 'access_denied', status: 403 });
    expect(error.message).toBe(
      'the ID token carries neither a personal identity number nor a coordination number',
    );
  });

  it('refuses claims with both numbers (oidc.se: they are mutually exclusive)', () => {
    const error = identityError({ [pnr]: '191212121212', [coordination]: '199204781539' });
    expect(error.message).toBe(
      'the ID token carries both a personal identity number and a coordination number',
    );
  });

  it.each([
    ['a hyphenated number', '19121212-1212'],
    ['a 10-digit number', '1212121212'],
    ['a number', 191212121212],
  ])('refuses %s, which is not the 12-digit form', (_what, value) => {
    expect(identityError({ [pnr]: value }).message).toBe(
      'the personal identity number claim is not 12 digits',
    );
  });

  it('refuses a wrong check digit without repeating the number', () => {
    const error = identityError({ [pnr]: '191212121213' });
    expect(error.message).toBe('the personal identity number claim is not a valid personal identity number');
    expect(error.message).not.toContain('1912');
  });

  it('refuses an impossible date', () => {
    expect(identityError({ [pnr]: '191213321214' }).reason).toBe('identity_invalid');
  });

  it('refuses a coordination number in the personal identity number claim and the reverse', () => {
    expect(identityError({ [pnr]: '199204781539' }).message).toBe(
      'the personal identity number claim is not a valid personal identity number',
    );
    expect(identityError({ [coordination]: '191212121212' }).message).toBe(
      'the coordination number claim is not a valid coordination number',
    );
  });
});
