/**
 * Prints one plain closing line, "N passed, N failed, N skipped", that CI systems which do
 * not know jest's own summary can read.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    process.stderr.write(`\n${results.numPendingTests ? `${line}, ${results.numPendingTests} skipped` : line}\n`);
  }
}
module.exports = SummaryReporter;
