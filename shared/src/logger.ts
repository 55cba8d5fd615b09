import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { traceLogFields } from './tracing/log-trace-fields.js';

/**
 * Structured logging that never writes claim values, keys or personal identity numbers.
 * Redaction is by field name (for objects passed to the logger) and, as a second line of
 * defence, a scrub of 12-digit / hyphenated personal identity numbers in messages.
 */
const redactedPaths = [
  '*.personal_identity_number',
  '*.personalIdentityNumber',
  '*.coordination_number',
  '*.coordinationNumber',
  '*.claims',
  '*.credential',
  '*.credentials',
  '*.privateKeyHex',
  '*.d',
  '*.tx_code',
  '*.pre-authorized_code',
  '*.access_token',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'personal_identity_number',
  'personalIdentityNumber',
  'coordination_number',
  'coordinationNumber',
  'claims',
  'credential',
  'tx_code',
  'access_token',
];

const pinPattern = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/g;

export function scrubPersonalNumbers(text: string): string {
  return text.replace(pinPattern, '[pnr]');
}

/**
 * Each line logged during a traced request carries its `trace_id` and `span_id`
 * (`traceLogFields`); `destination` is for tests that read the lines.
 */
export function createLogger(
  name: string,
  options: LoggerOptions = {},
  destination?: DestinationStream,
): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  const settings: LoggerOptions = {
    name,
    level,
    mixin: traceLogFields,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubPersonalNumbers(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    ...options,
  };
  return destination ? pino(settings, destination) : pino(settings);
}

export type { Logger };
