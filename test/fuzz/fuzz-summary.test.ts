import fc from 'fast-check';
import { startIssuer, type RunningIssuer } from '../../issuer/test/start-issuer.js';
import { assertProperty, assertSpecError, createFuzzTally, summarizeFuzzRun } from './fuzz-support.js';

/**
 * The fuzz suites' closing line is made of the run's own figures: a run in which a property
 * fails, and answers are not spec errors, says so (it once printed "0 unhandled" as text).
 */
describe('the fuzz summary reports what the run did', () => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer('sqlite', { settings: { rateLimitPerMinute: 1_000_000 } });
  });
  afterAll(async () => {
    await issuer.stop();
  });

  const tokenAnswer = async (grantType: string) => {
    const response = await fetch(`${issuer.baseUrl}/af/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: grantType }).toString(),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('counts a failing property, its inputs and the answers that broke the expectation', async () => {
    const tally = createFuzzTally();
    // Holds: the real token endpoint answers any grant type with a spec error.
    await assertProperty(
      fc.asyncProperty(fc.string({ maxLength: 20 }), async (grantType) => {
        assertSpecError(await tokenAnswer(grantType), 'token', tally);
      }),
      { numRuns: 5, seed: 1 },
      tally,
    );
    // Fails on its first input: a spec error is demanded as a 5xx, so every answer "breaks" it.
    const failing = assertProperty(
      fc.asyncProperty(fc.string({ maxLength: 20 }), async (grantType) => {
        const answer = await tokenAnswer(grantType);
        assertSpecError({ ...answer, status: answer.status + 100 }, 'token as 5xx', tally);
      }),
      { numRuns: 5, seed: 1 },
      tally,
    );
    await expect(failing).rejects.toThrow(/Property failed after 1 tests/);

    expect(tally).toMatchObject({ properties: 2, failedProperties: 1, inputs: 6 });
    // Each shrinking input sent one more request that broke the expectation too.
    expect(tally.unhandled).toBe(1 + tally.shrinks);
    expect(summarizeFuzzRun('issuer', tally)).toBe(
      `fuzz[issuer]: 6 inputs tried over 2 properties (0 requests), ${1 + tally.shrinks} unhandled; ` +
        `properties: 1 FAILED (${tally.shrinks} shrinking inputs)`,
    );
  });

  it('says every property held only when none failed', () => {
    const tally = createFuzzTally();
    expect(summarizeFuzzRun('x', tally)).toBe(
      'fuzz[x]: 0 inputs tried over 0 properties (0 requests), 0 unhandled; properties: all held',
    );
  });
});
