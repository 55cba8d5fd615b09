import { z } from 'zod';
import { OAuthError, type OAuthErrorCode } from './errors.js';

/**
 * Parse untrusted input with a schema; a failure becomes the spec error the caller names,
 * with a description that says which field is wrong (never the value itself).
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: { code?: OAuthErrorCode; what?: string } = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new OAuthError(options.code ?? 'invalid_request', describeIssues(result.error, options.what));
}

export function describeIssues(error: z.ZodError, what = 'request'): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : what;
    return `${path}: ${issue.message}`;
  });
  return `invalid ${what}: ${parts.join('; ')}`;
}

/** A URL with an http(s) scheme. */
export const zHttpsUrl = z.url({ protocol: /^https?$/ });

/** Swedish personal identity number or coordination number, 12 digits (SKV 704). */
export const zPersonalIdentityNumber = z
  .string()
  .transform((value) => value.replace(/[-+]/, ''))
  .pipe(z.string().regex(/^\d{12}$/, 'must be 12 digits (YYYYMMDDNNNC)'));
