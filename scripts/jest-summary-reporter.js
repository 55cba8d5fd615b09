// Prints, after jest's own summary, what the run could not do here (tests that need something
// absent on this machine record it through test/system/unavailable.ts) and then the plain closing
// line CI reads ("N passed, N failed, N skipped").
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function readNotes() {
  const dir = process.env.MIN_PROFIL_TEST_NOTES_DIR;
  if (!dir) return [];
  try {
    const notes = readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8').trim());
    rmSync(dir, { recursive: true, force: true });
    return [...new Set(notes)].sort();
  } catch {
    return [];
  }
}

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numRuntimeErrorTestSuites } = results;
    const failed = numFailedTests + numRuntimeErrorTestSuites;
    const notes = readNotes();
    // After jest's own summary, so it is the last line of the run.
    process.once('exit', () => {
      if (notes.length > 0) {
        process.stdout.write(`\nNot run on this machine (${notes.length}):\n`);
        for (const note of notes) process.stdout.write(`  - ${note}\n`);
      }
      process.stdout.write(`\n${numPassedTests} passed, ${failed} failed, ${numPendingTests} skipped\n`);
    });
  }
}
