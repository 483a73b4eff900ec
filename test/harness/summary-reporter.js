const { writeSync } = require('node:fs');

/**
 * Prints one plain closing line, "N passed, N failed[, N skipped]", as the very last line
 * of the run (after jest's own summary), for CI systems that do not read jest's format.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    let line = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    if (results.numPendingTests) line += `, ${results.numPendingTests} skipped`;
    process.once('exit', () => writeSync(2, `\n${line}\n`));
  }
}
module.exports = SummaryReporter;
