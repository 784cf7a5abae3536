import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { closingLine } = require("./closing-line.js") as { closingLine: (results: unknown, exitCode: number) => string };

const REPO_ROOT = join(__dirname, "..", "..");

/** Runs the real jest on `files` in a temporary folder; returns its --json results and exit code. */
function runJest(files: Record<string, string>): { results: unknown; code: number } {
  const dir = mkdtempSync(join(tmpdir(), "closing-line-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const out = join(dir, "results.json");
    let code = 0;
    try {
      execFileSync(
        process.execPath,
        [
          require.resolve("jest/bin/jest", { paths: [REPO_ROOT] }),
          "--config",
          JSON.stringify({ rootDir: dir, testEnvironment: "node" }),
          "--json",
          `--outputFile=${out}`,
        ],
        {
          cwd: dir,
          stdio: "ignore",
        },
      );
    } catch (err) {
      code = (err as { status: number }).status;
    }
    return { results: JSON.parse(readFileSync(out, "utf8")), code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the closing line of npm test", () => {
  it("counts a suite that fails to load as failed, though jest counts no failed test", () => {
    const { results, code } = runJest({
      "fine.test.js": 'it("passes", () => expect(1).toBe(1));',
      "broken.test.js": 'require("./missing-file");\nit("never runs", () => {});',
    });
    expect(code).not.toBe(0);
    expect((results as { numFailedTests: number }).numFailedTests).toBe(0);
    expect(closingLine(results, code).split("\n").pop()).toBe("tests: 1 passed, 1 failed, 0 skipped");
    expect(closingLine(results, code)).toMatch(/suite failed to run: .*broken\.test\.js/);
  }, 60_000);

  it("counts failed tests and skipped ones as jest does", () => {
    const { results, code } = runJest({
      "mixed.test.js": 'it("passes", () => {});\nit("fails", () => expect(1).toBe(2));\nit.skip("skipped", () => {});',
    });
    expect(closingLine(results, code)).toBe("tests: 1 passed, 1 failed, 1 skipped");
  }, 60_000);

  it("never says 0 failed for a run that failed", () => {
    const allPassed = { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, success: true, testResults: [] };
    expect(closingLine(allPassed, 0)).toBe("tests: 3 passed, 0 failed, 0 skipped");
    expect(closingLine(allPassed, 1)).toMatch(/tests: 3 passed, 1 failed, 0 skipped$/);
    expect(closingLine({ ...allPassed, success: false }, 0)).toMatch(/1 failed/);
    expect(closingLine(undefined, 1)).toMatch(/^tests: 0 passed, 1 failed, 0 skipped/);
  });
});
