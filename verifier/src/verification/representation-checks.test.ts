import { parseDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import type { CheckResult } from '../persistence/entities.js';
import { CheckLog } from './checks.js';
import {
  checkCompanyProfileSubject,
  checkRepresentation,
  representationKindOf,
} from './representation-checks.js';

const base = 'https://issuer.example';
const identityVct = `${base}/skatteverket/vct/person-identity`;
const mandateVct = `${base}/ombud/vct/mandate`;
const signatoryVct = `${base}/bolagsverket/vct/signatory`;
const companyVct = `${base}/bolagsverket/vct/company_identity`;
const samir = '198806244417';
const karin = '197011082232';
const body = '212000-0004';
// 2026-12-05 12:00 in Sweden.
const now = Date.UTC(2026, 11, 5, 11) / 1000;

const query = (...entries: Array<[string, string]>) =>
  parseDcqlQuery({
    credentials: entries.map(([id, vct]) => ({ id, format: 'dc+sd-jwt', meta: { vct_values: [vct] } })),
  });
const passed: CheckResult[] = [{ name: 'dcql_satisfied', passed: true }];
const mandate = (over: Record<string, unknown> = {}) => ({
  issuer: `${base}/ombud`,
  vct: mandateVct,
  principal: { given_name: 'Karin', personal_identity_number: karin },
  agent: { given_name: 'Samir', personal_identity_number: samir },
  scope: { relying_parties: [body], purposes: ['building_permit'] },
  valid_from: '2026-12-01',
  valid_until: '2027-12-01',
  ...over,
});
const identity = (pnr = samir) => ({
  issuer: `${base}/skatteverket`,
  vct: identityVct,
  personal_identity_number: pnr,
});
const mandateQuery = query(['agent_identity', identityVct], ['mandate', mandateVct]);

function run(
  claims: Record<string, Array<Record<string, unknown> & { issuer: string; vct: string }>>,
  purpose = 'building_permit',
) {
  return checkRepresentation(
    { verified: true, checks: passed, claims },
    { dcqlQuery: mandateQuery, bodyOrgNumber: body, purposeCode: purpose, now },
  );
}
const failedOf = (result: { checks: CheckResult[] }) =>
  result.checks.filter((c) => !c.passed).map((c) => [c.name, c.detail]);

describe('representation checks', () => {
  it('knows the kinds by the last segment of the vct, and the EU PID as an identity', () => {
    expect(
      [identityVct, mandateVct, signatoryVct, companyVct, 'urn:eudi:pid:1', `${base}/af/vct/x`].map(
        representationKindOf,
      ),
    ).toEqual(['identity', 'mandate', 'signatory', 'company_identity', 'identity', undefined]);
  });

  it('leaves a response without a mandate or signatory as it was', () => {
    const verification = { verified: true, checks: passed, claims: { id: [identity()] } };
    expect(
      checkRepresentation(verification, {
        dcqlQuery: query(['id', identityVct]),
        bodyOrgNumber: body,
        purposeCode: null,
        now,
      }),
    ).toBe(verification);
  });

  it('passes a mandate in force for this body and purpose, presented by its agent; `all` covers any', () => {
    for (const scope of [undefined, { relying_parties: 'all', purposes: 'all' }]) {
      const result = run({ agent_identity: [identity()], mandate: [mandate(scope ? { scope } : {})] });
      expect(result.verified).toBe(true);
      expect(result.checks.slice(1).map((c) => [c.name, c.passed])).toEqual([
        ['mandate_valid', true],
        ['mandate_scope', true],
        ['agent_matches', true],
      ]);
    }
  });

  it('refuses each by its check, and drops the claims', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp, string?]> = [
      [{ valid_from: '2026-12-06' }, 'mandate_valid', /only from 2026-12-06/],
      [{ valid_until: '2026-12-04' }, 'mandate_valid', /expired on 2026-12-04/],
      [{ scope: { relying_parties: ['202100-5521'], purposes: 'all' } }, 'mandate_scope', /this body/],
      [{}, 'mandate_scope', /this purpose \(company_permit\)/, 'company_permit'],
      [{ agent: { personal_identity_number: karin } }, 'agent_matches', /not the mandate's agent's/],
    ];
    for (const [over, name, detail, purpose] of cases) {
      const result = run({ agent_identity: [identity()], mandate: [mandate(over)] }, purpose);
      expect(result.verified).toBe(false);
      expect(result.claims).toBeUndefined();
      expect(failedOf(result)).toEqual([[name, expect.stringMatching(detail)]]);
    }
    const alone = run({ mandate: [mandate()] });
    expect(failedOf(alone)).toEqual([
      ['agent_matches', 'no identity credential of the presenter in the same response'],
    ]);
    // A query of its own has no purpose code: only `purposes: all` covers it.
    const own = checkRepresentation(
      { verified: true, checks: passed, claims: { agent_identity: [identity()], mandate: [mandate()] } },
      { dcqlQuery: mandateQuery, bodyOrgNumber: body, purposeCode: null, now },
    );
    expect(failedOf(own)).toEqual([
      ['mandate_scope', 'the mandate does not cover this purpose (a query of its own)'],
    ]);
  });

  it("names mandate_valid when the mandate's own checks failed", () => {
    const result = checkRepresentation(
      {
        verified: false,
        checks: [{ name: 'status', passed: false, detail: 'revoked', query_id: 'mandate', index: 0 }],
      },
      { dcqlQuery: mandateQuery, bodyOrgNumber: body, purposeCode: 'building_permit', now },
    );
    expect(failedOf(result)).toEqual([
      ['status', 'revoked'],
      ['mandate_valid', 'status: revoked'],
    ]);
  });

  it('reads the signing rule: alone verified, två i förening and the board pending, an unknown rule refused', () => {
    const signatoryQuery = query(['signatory', signatoryVct], ['company_identity', companyVct]);
    const answer = (rule: unknown, company = '556934-5670', more: Record<string, unknown> = {}) =>
      checkRepresentation(
        {
          verified: true,
          checks: passed,
          claims: {
            signatory: [
              { issuer: base, vct: signatoryVct, org_number: '556934-5670', signing_rule: rule, ...more },
            ],
            company_identity: [{ issuer: base, vct: companyVct, org_number: company }],
          },
        },
        { dcqlQuery: signatoryQuery, bodyOrgNumber: body, purposeCode: 'company_permit', now },
      );
    expect(answer('alone').pending).toBeUndefined();
    expect(answer('alone').verified).toBe(true);
    expect(answer('two_jointly').pending).toBe('pending_second_signatory');
    expect(answer('board_jointly').pending).toBe('pending_second_signatory');
    // The credential counts the board: three wait for the others, a board of one signs alone.
    expect(answer('board_jointly', undefined, { board_size: 3 }).pending).toBe('pending_second_signatory');
    expect(answer('board_jointly', undefined, { board_size: 1 }).pending).toBeUndefined();
    expect(answer('board_jointly', undefined, { board_size: 1 }).verified).toBe(true);
    expect(failedOf(answer('prokura'))).toEqual([
      ['signing_rule', expect.stringMatching(/known signing rule/)],
    ]);
    expect(failedOf(answer('alone', '556812-3458'))).toEqual([
      ['signing_rule', expect.stringMatching(/another company/)],
    ]);
  });
});

describe('company_profile_subject', () => {
  const org = '556812-3458';
  const signatory = {
    issuer: `${base}/bolagsverket`,
    vct: signatoryVct,
    org_number: org,
    signing_rule: 'alone',
  };
  const company = {
    issuer: `${base}/bolagsverket`,
    vct: companyVct,
    org_number: org,
    legal_name: 'Tolvans Bygg AB',
  };
  const identityMeta = [{ iss: `${base}/bolagsverket`, vct: companyVct }];
  const outcome = (
    profiles: Array<{ orgNumber?: string }>,
    signatories = [signatory],
    companies = [company],
  ) => {
    const checks: CheckResult[] = [];
    try {
      const subject = checkCompanyProfileSubject(
        profiles,
        signatories,
        companies,
        identityMeta,
        new CheckLog({}, checks),
      );
      return { subject, check: checks.at(-1) };
    } catch {
      return { subject: undefined, check: checks.at(-1) };
    }
  };

  it('names the company as whose, when the profile is for the company of the signatory and identity', () => {
    const { subject, check } = outcome([{ orgNumber: org }]);
    expect(check).toMatchObject({ name: 'company_profile_subject', passed: true });
    expect(subject).toEqual({
      number: { claim: 'org_number', value: org },
      issuer: `${base}/bolagsverket`,
      vct: companyVct,
    });
  });

  it('is not made without a profile, and refuses another company, a missing org_number or no credentials beside it', () => {
    expect(outcome([]).check).toBeUndefined();
    expect(outcome([{ orgNumber: '556934-5670' }]).check).toMatchObject({ passed: false });
    expect(outcome([{}]).check).toMatchObject({ passed: false });
    expect(outcome([{ orgNumber: org }, { orgNumber: org }]).check).toMatchObject({ passed: false });
    expect(outcome([{ orgNumber: org }], []).check).toMatchObject({ passed: false });
    expect(
      outcome([{ orgNumber: org }], [signatory], [{ ...company, org_number: '556934-5670' }]).check,
    ).toMatchObject({ passed: false });
  });
});
