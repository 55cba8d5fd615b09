import { matchHolder } from '../src/credentials/credential-holder.js';

const owner = '191212121212';
const other = '198806244417';
const coordination = '199204781539';

describe('whom a credential is issued to', () => {
  it('is the owner when every holder claim is the owner’s number', () => {
    expect(matchHolder({ personal_identity_number: owner, given_name: 'Tolvan' }, owner)).toBe('owner');
    expect(matchHolder({ coordination_number: coordination }, coordination)).toBe('owner');
  });

  it('is someone else when any holder claim names another number', () => {
    expect(matchHolder({ personal_identity_number: other }, owner)).toBe('other');
    expect(matchHolder({ coordination_number: coordination }, owner)).toBe('other');
    expect(matchHolder({ personal_identity_number: owner, coordination_number: coordination }, owner)).toBe(
      'other',
    );
    // A value of another type is not the owner's number either.
    expect(matchHolder({ personal_identity_number: Number(owner) }, owner)).toBe('other');
  });

  it('is nobody when the credential has no holder claim', () => {
    expect(matchHolder({ given_name: 'Rogue', family_name: 'Value' }, owner)).toBe('none');
  });
});
