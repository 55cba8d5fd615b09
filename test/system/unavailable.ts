import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Records that a test could not run here because something it needs is absent, so the run's
 * summary says so (scripts/jest-summary-reporter.js prints every note): nothing is skipped
 * silently. Call it where the test is skipped.
 */
export function noteUnavailable(test: string, why: string): void {
  const dir = process.env.MIN_PROFIL_TEST_NOTES_DIR;
  if (!dir) return;
  writeFileSync(join(dir, `${randomBytes(6).toString('hex')}.txt`), `${test}: ${why}\n`);
}
