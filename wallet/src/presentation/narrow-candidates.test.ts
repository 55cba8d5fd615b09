import { DcqlQuery } from 'dcql';
import { narrowCandidates, typesToRead, type ClearQuery } from './narrow-candidates.js';

/** Held credentials of mixed types, as the matcher gives them to dcql once opened. */
const held: Array<{ id: string; vct: string | null; claims: Record<string, unknown> }> = [
  { id: 'pid-1', vct: 'urn:eudi:pid:1', claims: { given_name: 'Tolvan', birthdate: '1912-12-12' } },
  { id: 'addr-1', vct: 'https://skatteverket.se/address', claims: { address: { locality: 'Stockholm' } } },
  {
    id: 'reg-1',
    vct: 'https://af.se/registration',
    claims: { given_name: 'Tolvan', registered_since: '2026-09-01' },
  },
  { id: 'pid-2', vct: 'urn:eudi:pid:1', claims: { given_name: 'Tolvan' } },
  { id: 'untyped', vct: null, claims: { given_name: 'Tolvan', email: 'tolvan@example.se' } },
  { id: 'addr-2', vct: 'https://skatteverket.se/address', claims: { address: { locality: 'Uppsala' } } },
];

const inputOf = (c: (typeof held)[number]) => ({
  credential_format: 'dc+sd-jwt' as const,
  vct: c.vct ?? '',
  claims: c.claims as Record<string, never>,
  cryptographic_holder_binding: true,
});

/**
 * Per credential query: the ids dcql finds valid, with the claims each would send; as
 * match-credentials.ts reads it (no inputs: dcql is not asked, and every query has none).
 */
function match(query: DcqlQuery, rows: typeof held) {
  const result = rows.length > 0 ? DcqlQuery.query(query, rows.map(inputOf)) : undefined;
  return Object.fromEntries(
    query.credentials.map(({ id }) => {
      const m = result?.credential_matches[id];
      return [
        id,
        m?.success
          ? m.valid_credentials.map((c) => ({ id: rows[c.input_credential_index]!.id, claims: c.claims }))
          : [],
      ];
    }),
  );
}

const queries: Array<[string, DcqlQuery.Input]> = [
  [
    'one type by vct_values',
    {
      credentials: [
        {
          id: 'pid',
          format: 'dc+sd-jwt',
          meta: { vct_values: ['urn:eudi:pid:1'] },
          claims: [{ path: ['given_name'] }],
        },
      ],
    },
  ],
  [
    'two queries of different types, one with values',
    {
      credentials: [
        {
          id: 'addr',
          format: 'dc+sd-jwt',
          meta: { vct_values: ['https://skatteverket.se/address'] },
          claims: [{ path: ['address', 'locality'], values: ['Uppsala'] }],
        },
        {
          id: 'reg',
          format: 'dc+sd-jwt',
          meta: { vct_values: ['https://af.se/registration', 'urn:eudi:pid:1'] },
          claims: [{ path: ['given_name'] }],
        },
      ],
    },
  ],
  [
    'no vct_values: any type (the untyped one too)',
    { credentials: [{ id: 'any', format: 'dc+sd-jwt', claims: [{ path: ['given_name'] }] }] },
  ],
  [
    'a type nobody holds, and a format the wallet does not hold',
    {
      credentials: [
        { id: 'none', format: 'dc+sd-jwt', meta: { vct_values: ['https://example.se/diploma'] } },
        {
          id: 'mdoc',
          format: 'mso_mdoc',
          meta: { doctype_value: 'org.iso.18013.5.1.mDL' },
          claims: [{ path: ['org.iso.18013.5.1', 'given_name'] }],
        },
      ],
    },
  ],
  [
    'claim sets, multiple and credential sets',
    {
      credentials: [
        {
          id: 'p',
          format: 'dc+sd-jwt',
          multiple: true,
          meta: { vct_values: ['urn:eudi:pid:1'] },
          claims: [
            { id: 'b', path: ['birthdate'] },
            { id: 'g', path: ['given_name'] },
          ],
          claim_sets: [['b'], ['g']],
        },
        { id: 'r', format: 'dc+sd-jwt', meta: { vct_values: ['https://af.se/registration'] } },
      ],
      credential_sets: [{ options: [['p'], ['r']] }],
    },
  ],
];

describe('narrowing the presentation matcher by clear columns', () => {
  it.each(queries)('finds the same matches as matching every held credential: %s', (_name, input) => {
    const query = DcqlQuery.parse(input);
    const clear = query.credentials as unknown as ClearQuery[];
    expect(match(query, narrowCandidates(clear, held))).toEqual(match(query, held));
  });

  it('opens only the credentials of the types asked for', () => {
    const query = DcqlQuery.parse(queries[0]![1]);
    const narrowed = narrowCandidates(query.credentials as unknown as ClearQuery[], held);
    expect(narrowed.map((c) => c.id)).toEqual(['pid-1', 'pid-2']);
  });

  it('reads the asked types from the store, or all of them when a query takes any type', () => {
    const clear = (input: DcqlQuery.Input) => DcqlQuery.parse(input).credentials as unknown as ClearQuery[];
    expect(typesToRead(clear(queries[1]![1]))).toEqual([
      'https://skatteverket.se/address',
      'https://af.se/registration',
      'urn:eudi:pid:1',
    ]);
    expect(typesToRead(clear(queries[2]![1]))).toBeUndefined();
    expect(typesToRead([{ format: 'mso_mdoc' }])).toEqual([]);
    expect(typesToRead([{ format: 'dc+sd-jwt', meta: { vct_values: [''] } }])).toBeUndefined();
  });
});
