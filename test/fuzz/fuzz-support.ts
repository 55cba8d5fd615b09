import fc from 'fast-check';

/** Runs per property: modest in `npm test`, more with FUZZ_RUNS (e.g. FUZZ_RUNS=5000). */
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 150);

/** What one suite's run did, counted as it happens; the summary prints only these figures. */
export interface FuzzTally {
  /** Properties checked. */
  properties: number;
  /** Properties that failed (fast-check found a counterexample, or the run was cut short). */
  failedProperties: number;
  /** Inputs tried, as fast-check counts them (up to the first failure), shrinking not included. */
  inputs: number;
  /** Inputs tried while shrinking counterexamples. */
  shrinks: number;
  /** Requests sent to the services. */
  requests: number;
  /** Answers that were not a 4xx spec error (a 5xx, a stack trace, an unknown code). */
  unhandled: number;
}

export function createFuzzTally(): FuzzTally {
  return { properties: 0, failedProperties: 0, inputs: 0, shrinks: 0, requests: 0, unhandled: 0 };
}

/** This suite's tally (jest gives each test file its own copy of this module). */
export const fuzzTally = createFuzzTally();

/**
 * `fc.assert` that counts: checks the property, adds fast-check's own run figures to the
 * tally, and throws fast-check's report when the property failed.
 */
export async function assertProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  parameters: fc.Parameters<Ts>,
  tally: FuzzTally = fuzzTally,
): Promise<void> {
  const details = await fc.check(property, parameters);
  tally.properties++;
  tally.inputs += details.numRuns;
  tally.shrinks += details.numShrinks;
  if (details.failed) {
    tally.failedProperties++;
    throw new Error(await fc.asyncDefaultReportMessage(details));
  }
}

/** The closing line of a fuzz suite, every figure from its tally. */
export function summarizeFuzzRun(label: string, tally: FuzzTally = fuzzTally): string {
  const failed =
    tally.failedProperties === 0
      ? 'all held'
      : `${tally.failedProperties} FAILED (${tally.shrinks} shrinking inputs)`;
  return (
    `fuzz[${label}]: ${tally.inputs} inputs tried over ${tally.properties} properties (${tally.requests} requests), ` +
    `${tally.unhandled} unhandled; properties: ${failed}`
  );
}

/** Protocol error codes the services may answer with (RFC 6749, RFC 9101, RFC 9396, OID4VCI 1.0, OID4VP 1.0). */
export const specErrorCodes = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'invalid_token',
  'insufficient_scope',
  'temporarily_unavailable',
  'invalid_credential_request',
  'unknown_credential_configuration',
  'unknown_credential_identifier',
  'invalid_proof',
  'invalid_nonce',
  'invalid_encryption_parameters',
  'credential_request_denied',
  'invalid_transaction_id',
  'invalid_notification_id',
  'invalid_notification_request',
  'invalid_authorization_details',
  'invalid_request_object',
  'invalid_transaction_data',
  'invalid_request_uri_method',
  'not_found',
  'too_many_requests',
]);

/** JSON-ish values of bounded size and depth: what a hostile client might send. */
export const hostileJson = fc.jsonValue({ maxDepth: 4 });

/** Strings around the shapes parsers look for: JWT-like, URL-like, numbers, junk. */
export const hostileString = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc
    .tuple(
      fc.base64String({ maxLength: 60 }),
      fc.base64String({ maxLength: 60 }),
      fc.base64String({ maxLength: 60 }),
    )
    .map((parts) => parts.join('.').replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')),
  // URLs only on loopback, to a closed port: a fetched URL must never leave this machine.
  fc.constantFrom(
    'https://127.0.0.1:9/x',
    'http://127.0.0.1:9/offer?a=1',
    'https://localhost:9/',
    'http://[::1]:9/',
  ),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '{}',
    '[]',
    '%00',
    '../../etc/passwd',
    'openid-credential-offer://?credential_offer=%7B',
  ),
);

/** Every answer to bad input: a 4xx with `{ error, error_description }` and a spec code, never a 5xx or a stack trace. */
export function assertSpecError(
  response: { status: number; body: unknown },
  context: string,
  tally: FuzzTally = fuzzTally,
): void {
  const body = response.body as { error?: unknown; error_description?: unknown } | undefined;
  const ok =
    response.status >= 400 &&
    response.status < 500 &&
    typeof body?.error === 'string' &&
    specErrorCodes.has(body.error) &&
    typeof body.error_description === 'string' &&
    !/\bat .+\.(js|ts):\d+/.test(body.error_description);
  if (!ok) {
    tally.unhandled++;
    throw new Error(`${context}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

export async function send(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  fuzzTally.requests++;
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}
