// Prints the test run's closing line, "tests: N passed, N failed, N skipped", from jest's
// --json results, for CI tools and people who read only the last line.
//
// Jest counts failed tests apart from suites that failed to load or run (a syntax error, a
// missing file read at import, a crash in beforeAll): such a suite has no failed test, its
// tests are simply never counted. Each one counts here as one failure, so that the line
// can never say "0 failed" when the run failed. Usage: closing-line.js <results.json> <jest exit code>

// @ts-check
const { readFileSync } = require("node:fs");

/**
 * The parts of jest's --json results read here.
 * @typedef {{ status: string, assertionResults: Array<{ status: string }>, name: string }} SuiteResult
 * @typedef {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number,
 *   success: boolean, testResults: SuiteResult[] }} JestResults
 */

/**
 * @param {JestResults | undefined} results
 * @param {number} exitCode
 * @returns {string}
 */
function closingLine(results, exitCode) {
  if (!results) return `tests: 0 passed, 1 failed, 0 skipped (jest wrote no results; exit code ${exitCode})`;
  const skipped = results.numPendingTests + results.numTodoTests;
  // A suite that failed without a failed test of its own did not run (or not to the end).
  const brokenSuites = results.testResults.filter(
    (suite) => suite.status === "failed" && !suite.assertionResults.some((test) => test.status === "failed"),
  );
  let failed = results.numFailedTests + brokenSuites.length;
  const notes = brokenSuites.map((suite) => `suite failed to run: ${suite.name}`);
  if (failed === 0 && (exitCode !== 0 || !results.success)) {
    failed = 1;
    notes.push(`jest exited with code ${exitCode}`);
  }
  const line = `tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
  return notes.length > 0 ? `${notes.join("\n")}\n${line}` : line;
}

if (require.main === module) {
  const [file, code] = process.argv.slice(2);
  /** @type {JestResults | undefined} */
  let results;
  try {
    results = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    results = undefined;
  }
  console.log(closingLine(results, Number(code)));
}

module.exports = { closingLine };
