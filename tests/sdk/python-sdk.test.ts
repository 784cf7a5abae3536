import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SDK_DIR } from "./sdk-tree";

/*
 * The generated Python SDK byte-compiles: what can be checked here. Importing it needs the
 * `pulumi` Python package and running a program needs pulumi-language-python, neither of
 * which this machine can install (no PyPI).
 */

const PACKAGE = "pulumi_clerk_sign_in_tokens";

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "python-sdk-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** `python3 -m compileall` on `dir`, its bytecode written under scratch, never beside the sources. */
function compileAll(dir: string) {
  const cache = join(scratch, "pycache");
  const result = spawnSync("python3", ["-m", "compileall", "-q", dir], {
    encoding: "utf8",
    env: { ...process.env, PYTHONPYCACHEPREFIX: cache },
    timeout: 60_000,
  });
  if (result.error) throw new Error(`python3 did not run: ${result.error.message}`);
  const compiled = spawnSync("find", [cache, "-name", "*.pyc"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  return { code: result.status, output: result.stdout + result.stderr, compiled };
}

test("every module of the generated Python SDK byte-compiles", () => {
  const result = compileAll(join(SDK_DIR, "python"));
  expect(result.output).toBe("");
  expect(result.code).toBe(0);
  // Not a pass by compiling nothing: each source file has its bytecode.
  const sources = readdirSync(join(SDK_DIR, "python", PACKAGE), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".py"));
  expect(sources.length).toBeGreaterThan(5);
  expect(result.compiled).toHaveLength(sources.length);
});

test("a syntax error in the SDK fails the check, naming the file", () => {
  const copy = join(scratch, "python");
  cpSync(join(SDK_DIR, "python"), copy, { recursive: true });
  writeFileSync(join(copy, PACKAGE, "sign_in_token.py"), "def broken(:\n    pass\n", { flag: "a" });
  const result = compileAll(copy);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain("sign_in_token.py");
  expect(result.output).toContain("SyntaxError");
});
