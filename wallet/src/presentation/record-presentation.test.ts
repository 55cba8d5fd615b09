import { describeOutcome, loggedContent } from './record-presentation.js';

const ok = { ok: true, status: 200 };
const refused = { ok: false, status: 400 };

describe('the log of an answer', () => {
  it('says what happened to a plain share', () => {
    expect(describeOutcome({ decision: 'approve', approvalTitles: [], reply: ok })).toBe('sent');
    expect(describeOutcome({ decision: 'approve', approvalTitles: [], reply: refused })).toBe(
      'verifier refused (HTTP 400)',
    );
    expect(describeOutcome({ decision: 'decline', approvalTitles: [], reply: ok })).toBe('declined');
    expect(describeOutcome({ decision: 'decline', approvalTitles: [], reply: refused })).toBe(
      'declined (verifier answered HTTP 400)',
    );
  });

  it('names the documents when the answer approves (or declines) them', () => {
    const approvalTitles = ['Praktikavtal', 'Bilaga'];
    expect(describeOutcome({ decision: 'approve', approvalTitles, reply: ok })).toBe(
      'approved "Praktikavtal", "Bilaga"',
    );
    expect(describeOutcome({ decision: 'approve', approvalTitles, reply: refused })).toBe(
      'approval of "Praktikavtal", "Bilaga" refused by the verifier (HTTP 400)',
    );
    expect(describeOutcome({ decision: 'decline', approvalTitles, reply: ok })).toBe(
      'declined to approve "Praktikavtal", "Bilaga"',
    );
    // A decline the verifier refused (the matter was already decided, docs/representation.md).
    expect(describeOutcome({ decision: 'decline', approvalTitles, reply: refused })).toBe(
      'declined to approve "Praktikavtal", "Bilaga" (verifier answered HTTP 400)',
    );
  });

  it('names, for a refusal, the types and claims that were asked for (names only)', () => {
    const dcql = {
      credentials: [
        {
          id: 'pid',
          meta: { vct_values: ['urn:pid'] },
          claims: [{ path: ['given_name'] }, { path: ['address', 'locality'] }],
        },
        { id: 'grades', meta: { vct_values: ['urn:betyg'] }, claims: [{ path: ['grades', null, 'grade'] }] },
      ],
    };
    expect(loggedContent([], dcql)).toEqual({
      credentialTypes: ['urn:pid', 'urn:betyg'],
      claims: ['given_name', 'address.locality', 'grades.*.grade'],
    });
  });
});
