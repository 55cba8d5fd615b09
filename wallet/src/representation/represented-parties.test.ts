import { partyId, representationRuleFor, representedParties } from './represented-parties.js';

const base = 'https://issuer.example';
const guardian = (id: string, child: Record<string, unknown>) => ({
  vct: `${base}/skatteverket/vct/guardianship`,
  claims: { given_name: 'Karin', personal_identity_number: '197011082232', child },
  proof: id,
});

describe('represented parties (Jag företräder)', () => {
  it('reads a child from each guardian credential, a company from a signatory, a principal from a mandate', () => {
    const parties = representedParties([
      guardian('g1', { given_name: 'Oskar', family_name: 'Berg', personal_identity_number: '201709033854' }),
      guardian('g2', { given_name: 'Elsa', family_name: 'Berg', personal_identity_number: '201405212422' }),
      {
        vct: `${base}/bolagsverket/vct/signatory`,
        claims: { org_number: '556677-8899', company_name: 'Bergs Bygg AB' },
        proof: 's1',
      },
      {
        vct: 'urn:example:mandate',
        claims: {
          principal: {
            given_name: 'Tolvan',
            family_name: 'Tolvansson',
            personal_identity_number: '191212121212',
          },
        },
        proof: 'm1',
      },
      { vct: `${base}/skatteverket/vct/person-identity`, claims: { given_name: 'Karin' }, proof: 'i1' },
    ]);
    expect(parties.map((p) => [p.kind, p.name, p.proven_by])).toEqual([
      ['child', 'Elsa Berg', ['g2']],
      ['child', 'Oskar Berg', ['g1']],
      ['principal', 'Tolvan Tolvansson', ['m1']],
      ['company', 'Bergs Bygg AB', ['s1']],
    ]);
    expect(parties[3]!.identifier).toEqual({ type: 'org_number', value: '556677-8899' });
  });

  it('lists a party once with every credential that proves it, under an id that hides the number', () => {
    const elsa = { given_name: 'Elsa', family_name: 'Berg', personal_identity_number: '201405212422' };
    const parties = representedParties([guardian('a', elsa), guardian('b', elsa)]);
    expect(parties).toHaveLength(1);
    expect(parties[0]!.proven_by).toEqual(['a', 'b']);
    expect(parties[0]!.id).toBe(partyId(parties[0]!));
    expect(parties[0]!.id).not.toContain('201405212422');
    expect(parties[0]!.id).toMatch(/^child-[\w-]{16}$/);
  });

  it('skips credentials that do not name whom they prove, and types that prove nothing', () => {
    expect(representedParties([guardian('g', { given_name: 'Elsa' })])).toEqual([]);
    expect(representationRuleFor(`${base}/skatteverket/vct/guardianship-extra`)).toBeUndefined();
    expect(representationRuleFor(null)).toBeUndefined();
  });
});
