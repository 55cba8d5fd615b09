/**
 * How the crash harness talks to services that may be down at any moment, and how it tells an
 * answer it can trust from one it cannot. During the run a step may get no answer (status 0) or a
 * rate-limit refusal; afterwards every invariant is read from answers of an expected status, and
 * when none comes within a deadline the harness fails as itself ({@link HarnessFailure}), never by
 * reading a field of an error body as if it were the system's state.
 */

export type Result =
  | { status: number; body: any; retryAfterSeconds?: number }
  | { status: 0; body: undefined; retryAfterSeconds?: undefined };

/** Counts what the harness waited through, for the run's summary line. */
export const waits = { rateLimited: 0, unanswered: 0 };

/** A request that may hit a killed service: a network failure is an answer of status 0. */
export async function call(url: string, init: RequestInit = {}): Promise<Result> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = text;
    }
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    return {
      status: response.status,
      body,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  } catch {
    return { status: 0, body: undefined };
  }
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Not an answer about the system's state: nobody answered, a rate limit, or a gateway/outage. */
function transient(result: Result): boolean {
  return (
    result.status === 0 ||
    result.status === 429 ||
    result.status === 502 ||
    result.status === 503 ||
    result.status === 504
  );
}

/** How long to wait before asking again: what a 429 names (capped), otherwise a short pause. */
function pauseAfter(result: Result, capMs: number): number {
  if (result.status === 429) {
    waits.rateLimited++;
    return Math.min(capMs, Math.max(1, result.retryAfterSeconds ?? 1) * 1000);
  }
  waits.unanswered++;
  return 150;
}

/**
 * Run-phase retry: asks again while the service is down or rate-limited (honouring Retry-After,
 * at most `capMs` a wait), until `deadlineMs` has passed: longer than a service takes to start
 * on a loaded machine, so a flow outlives a kill. Any other answer is returned as it is: a flow
 * that gets a refusal simply stops, and only acknowledged outcomes are recorded.
 */
export async function retry(
  step: () => Promise<Result>,
  deadlineMs = 45_000,
  capMs = 15_000,
): Promise<Result> {
  const deadline = Date.now() + deadlineMs;
  let result: Result;
  for (;;) {
    result = await step();
    if (!transient(result) || Date.now() > deadline) return result;
    await sleep(pauseAfter(result, capMs));
  }
}

/** The harness could not read an answer it can trust: a failure of the harness, not a violation. */
export class HarnessFailure extends Error {
  override name = 'HarnessFailure';
}

function describe(result: Result): string {
  if (result.status === 0) return 'no answer';
  const error = typeof result.body === 'object' && result.body ? result.body.error : undefined;
  return `${result.status}${error ? ` ${error}` : ''}`;
}

/**
 * Check-phase read: asks until the answer has one of the `expected` statuses (and, when given,
 * the shape `valid` accepts), waiting out outages and rate limits (Retry-After honoured) until
 * `deadlineMs`. Then it throws a {@link HarnessFailure} naming the step and the last answer.
 */
export async function trusted(
  what: string,
  step: () => Promise<Result>,
  options: {
    expected?: (status: number) => boolean;
    valid?: (body: any) => boolean;
    deadlineMs?: number;
  } = {},
): Promise<Result & { status: number; body: any }> {
  const expected = options.expected ?? ((status: number) => status === 200);
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  let result: Result;
  for (;;) {
    result = await step();
    if (result.status !== 0 && expected(result.status) && (options.valid?.(result.body) ?? true))
      return result;
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    // An unexpected final answer (a 500, a 4xx) is asked again too: it may be a service still
    // starting; if it persists, the failure names it.
    const pause = transient(result) ? pauseAfter(result, remaining) : 500;
    await sleep(Math.min(pause, remaining));
  }
  throw new HarnessFailure(
    `harness: no trustworthy answer to ${what} within ${Math.round((options.deadlineMs ?? 120_000) / 1000)} s ` +
      `(last: ${describe(result)})`,
  );
}

/**
 * A replay's answer that decides its check: 200 (accepted: a violation) or a refusal, any 4xx
 * other than 429. No answer, a rate limit or a 5xx decides nothing and is asked again.
 */
export const replayDecided = (status: number) =>
  status === 200 || (status >= 400 && status < 500 && status !== 429);
