import { OAuthError } from '@min-profil/shared/errors';
import type { StoredTransactionData } from './z-stored-presentation-request.js';
import {
  approvedPaths,
  assertTransactionDataCarried,
  planAnswer,
  selectQueries,
  type CredentialSet,
  type QueryCandidates,
} from './plan-answer.js';

const held = (...ids: string[]) => new Set(ids);
const availableIn = (ids: Set<string>) => (id: string) => ids.has(id);

/** A query's candidates: each row by id, sending the given claim paths. */
function query(queryId: string, rows: string[], paths: Array<Array<string | number | null>> = [['name']]) {
  return { queryId, candidates: rows.map((id) => ({ row: { id }, paths })) } satisfies QueryCandidates<{
    id: string;
  }>;
}

/** An OAuthError with these fields, as `toThrow` matches it. */
const oauthError = (fields: Partial<Pick<OAuthError, 'code' | 'status' | 'message' | 'extra'>>) =>
  expect.objectContaining({ name: 'OAuthError', ...fields });

describe('which credential queries an answer covers', () => {
  it('without credential_sets: every query, or none when one has no credential', () => {
    expect(selectQueries(['pid', 'diploma'], [], availableIn(held('pid', 'diploma')))).toEqual([
      'pid',
      'diploma',
    ]);
    expect(selectQueries(['pid', 'diploma'], [], availableIn(held('pid')))).toBeNull();
  });

  it('answers a required set with its first option that can be met', () => {
    const sets: CredentialSet[] = [{ options: [['pid'], ['passport']] }];
    expect(selectQueries(['pid', 'passport'], sets, availableIn(held('pid', 'passport')))).toEqual(['pid']);
  });

  it('moves on to a later option when the first cannot be met', () => {
    const sets: CredentialSet[] = [{ options: [['pid', 'address'], ['passport']] }];
    // `pid` is held but `address` is not, so the first option as a whole is unmet.
    expect(selectQueries(['pid', 'address', 'passport'], sets, availableIn(held('pid', 'passport')))).toEqual(
      ['passport'],
    );
  });

  it('cannot answer when a required set has no option that can be met', () => {
    const sets: CredentialSet[] = [
      { options: [['pid']] },
      { options: [['diploma'], ['grades']], required: true },
    ];
    expect(selectQueries(['pid', 'diploma', 'grades'], sets, availableIn(held('pid')))).toBeNull();
  });

  it('leaves out an optional set that cannot be met, and answers one that can', () => {
    const sets: CredentialSet[] = [
      { options: [['pid']] },
      { options: [['email']], required: false },
      { options: [['phone']], required: false },
    ];
    expect(selectQueries(['pid', 'email', 'phone'], sets, availableIn(held('pid', 'phone')))).toEqual([
      'pid',
      'phone',
    ]);
  });

  it('answers a query named by two sets once, in the order the sets name them', () => {
    const sets: CredentialSet[] = [
      { options: [['pid', 'address']] },
      { options: [['address']], required: false },
    ];
    expect(selectQueries(['address', 'pid'], sets, availableIn(held('pid', 'address')))).toEqual([
      'pid',
      'address',
    ]);
  });

  it('asks only what the sets name: a query outside every set is not answered', () => {
    const sets: CredentialSet[] = [{ options: [['pid']] }];
    expect(selectQueries(['pid', 'unused'], sets, availableIn(held('pid', 'unused')))).toEqual(['pid']);
  });
});

describe('which claims are disclosed', () => {
  const paths = [['given_name'], ['address', 'locality'], ['grades', null, 'grade']];

  it('sends everything the query asked for when the person narrowed nothing', () => {
    expect(approvedPaths('q', paths, undefined)).toEqual(paths);
  });

  it('keeps only the approved claims, by the names the request view gives them', () => {
    expect(approvedPaths('q', paths, ['address.locality', 'grades.*.grade'])).toEqual([
      ['address', 'locality'],
      ['grades', null, 'grade'],
    ]);
    expect(approvedPaths('q', paths, [])).toEqual([]);
  });

  it('refuses a claim the query did not ask for instead of adding it', () => {
    expect(() => approvedPaths('q', paths, ['given_name', 'personal_number'])).toThrow(
      oauthError({
        code: 'invalid_request',
        message: 'claims not asked for in "q" cannot be added: personal_number',
      }),
    );
  });
});

describe('planning an answer', () => {
  it('takes the first candidate of each query unless the person picked another', () => {
    const matches = [query('pid', ['pid-1', 'pid-2']), query('diploma', ['dip-1'])];
    expect(planAnswer([], matches, {}).map((p) => [p.queryId, p.row.id])).toEqual([
      ['pid', 'pid-1'],
      ['diploma', 'dip-1'],
    ]);
    expect(planAnswer([], matches, { credentials: { pid: 'pid-2' } })[0]!.row.id).toBe('pid-2');
  });

  it('refuses a picked credential that does not answer the query', () => {
    expect(() => planAnswer([], [query('pid', ['pid-1'])], { credentials: { pid: 'dip-1' } })).toThrow(
      oauthError({ code: 'invalid_request', message: 'credential dip-1 does not answer query "pid"' }),
    );
  });

  it('narrows each query to the approved claims', () => {
    const matches = [query('pid', ['pid-1'], [['given_name'], ['family_name']])];
    expect(planAnswer([], matches, { claims: { pid: ['family_name'] } })[0]!.paths).toEqual([
      ['family_name'],
    ]);
  });

  it('answers a credential_sets request with the first option that can be met, the rest unsent', () => {
    const sets: CredentialSet[] = [
      { options: [['pid', 'address'], ['passport']] },
      { options: [['email']], required: false },
    ];
    const matches = [
      query('pid', ['pid-1']),
      query('address', []),
      query('passport', ['pp-1']),
      query('email', []),
    ];
    expect(planAnswer(sets, matches, {}).map((p) => p.row.id)).toEqual(['pp-1']);
  });

  it('is refused with 409 when the wallet lacks what the request needs, naming why', () => {
    const sets: CredentialSet[] = [{ options: [['pid']] }];
    expect(() => planAnswer(sets, [query('pid', [])], {})).toThrow(
      oauthError({
        code: 'invalid_request',
        status: 409,
        message: 'the wallet holds no credentials that satisfy the request',
      }),
    );
    expect(() => planAnswer([], [query('pid', ['pid-1']), query('diploma', [])], {})).toThrow(
      oauthError({
        code: 'invalid_request',
        status: 409,
        message: 'the wallet holds no credential for part of the request; fetch it first',
      }),
    );
  });
});

describe('transaction data in the answer', () => {
  const entry = (credentialIds: string[]) =>
    ({ value: { credential_ids: credentialIds } }) as unknown as StoredTransactionData;

  it('passes when each document is carried by a presentation for one of its credential ids', () => {
    expect(() =>
      assertTransactionDataCarried([entry(['pid', 'passport'])], [{ queryId: 'passport' }]),
    ).not.toThrow();
  });

  it('refuses with invalid_transaction_data when no presentation would carry a document', () => {
    expect(() => assertTransactionDataCarried([entry(['pid'])], [{ queryId: 'passport' }])).toThrow(
      oauthError({ code: 'invalid_transaction_data', extra: { reason: 'unknown_credential_id' } }),
    );
  });
});
