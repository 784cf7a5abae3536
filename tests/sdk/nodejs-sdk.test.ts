import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/serialized-provider";
import { SDK_DIR } from "./sdk-tree";

const run = promisify(execFile);

/*
 * The generated Node.js SDK type-checks with its own tsconfig against the @pulumi/pulumi it
 * requires (≥ 3.269, for existsResource): the current lane's version, which the current
 * lane has installed and the minimum lane installs once into the cache.
 */

const LANES = JSON.parse(readFileSync(join(REPO_ROOT, "scripts", "lanes.json"), "utf8")) as Record<string, { pulumiSdk: string }>;
const SDK_VERSION = LANES.current.pulumiSdk;

/** A node_modules holding @pulumi/pulumi at SDK_VERSION (and @types/node). */
async function nodeModules(): Promise<string> {
  const repo = join(REPO_ROOT, "node_modules");
  const installed = JSON.parse(readFileSync(join(repo, "@pulumi", "pulumi", "package.json"), "utf8")).version;
  if (installed === SDK_VERSION) return repo;
  const { stdout } = await run("bash", [join(REPO_ROOT, "scripts", "lib", "cache-root.sh")]);
  const dir = join(stdout.trim(), `sdk-nodejs-check-${SDK_VERSION}`);
  if (!existsSync(join(dir, "node_modules", "@pulumi", "pulumi"))) {
    const partial = `${dir}.partial.${process.pid}`;
    mkdirSync(partial, { recursive: true });
    await run(
      "npm",
      ["install", "--no-save", "--no-fund", "--no-audit", "--prefix", partial, `@pulumi/pulumi@${SDK_VERSION}`, "@types/node@20"],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (!existsSync(dir)) renameSync(partial, dir);
    rmSync(partial, { recursive: true, force: true });
  }
  return join(dir, "node_modules");
}

let scratch: string | undefined;
afterAll(() => scratch && rmSync(scratch, { recursive: true, force: true }));

test(`the generated Node.js SDK type-checks against @pulumi/pulumi ${SDK_VERSION}`, async () => {
  scratch = mkdtempSync(join(tmpdir(), "clerk-sdk-nodejs-"));
  cpSync(join(SDK_DIR, "nodejs"), scratch, { recursive: true });
  symlinkSync(await nodeModules(), join(scratch, "node_modules"));
  const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO_ROOT] });
  const result = await run(process.execPath, [tsc, "--noEmit", "-p", scratch]).then(
    () => "",
    (err: { stdout: string }) => err.stdout,
  );
  expect(result).toBe("");
}, 600_000);
