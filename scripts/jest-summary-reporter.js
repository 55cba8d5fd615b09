// Prints the plain closing line CI reads ("N passed, N failed, N skipped") after jest's own summary.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numRuntimeErrorTestSuites } = results;
    const failed = numFailedTests + numRuntimeErrorTestSuites;
    // After jest's own summary, so it is the last line of the run.
    process.once('exit', () => {
      process.stdout.write(`\n${numPassedTests} passed, ${failed} failed, ${numPendingTests} skipped\n`);
    });
  }
}
