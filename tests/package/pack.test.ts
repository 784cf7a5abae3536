import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/serialized-provider";

const run = promisify(execFile);

/*
 * `npm pack` (and so `npm publish`) on a clean clone: no node_modules, no dist/. The
 * prepack script must install what the build needs and build, so that the package holds
 * the compiled code, and only what users need.
 */

/** The working tree as a clone has it: what is not ignored (node_modules, dist, …). */
function copyAsClone(into: string): void {
  const ignored = new Set(["node_modules", "dist", ".git", ".e2e"]);
  cpSync(REPO_ROOT, into, {
    recursive: true,
    filter: (source) =>
      !relative(REPO_ROOT, source)
        .split("/")
        .some((part) => ignored.has(part)),
  });
}

let clone: string | undefined;
let out: string | undefined;
afterAll(() => {
  for (const dir of [clone, out]) if (dir) rmSync(dir, { recursive: true, force: true });
});

it(
  "packs the built package from a clean clone: the provider, the plugin, the emulator, their types, README and LICENSE, nothing else",
  async () => {
    clone = mkdtempSync(join(tmpdir(), "clerk-clone-"));
    copyAsClone(clone);
    expect(readdirSync(clone)).not.toContain("dist");
    out = mkdtempSync(join(tmpdir(), "clerk-packed-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", out], { cwd: clone, maxBuffer: 64 * 1024 * 1024 });
    // npm prints the prepack build's output before the JSON.
    const files: string[] = (JSON.parse(stdout.slice(stdout.indexOf("\n[") + 1)) as Array<{ files: Array<{ path: string }> }>)[0].files.map(
      (f) => f.path,
    );

    for (const needed of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/stored-provider.js",
      "dist/emulator/index.js",
      "dist/emulator/index.d.ts",
      "dist/emulator/cli/main.js",
      // The provider plugin: its entry (the bin pulumi-resource-clerk) and the schema it serves.
      "dist/provider/plugin/main.js",
      "dist/provider/plugin/schema.json",
      // The clean-up a self-hosted runner needs after a killed pulumi (a bin).
      "scripts/kill-orphaned-plugins.js",
    ]) {
      expect(files).toContain(needed);
    }
    const unexpected = files.filter(
      (f) =>
        !["package.json", "README.md", "LICENSE", "dist/provider/plugin/schema.json", "scripts/kill-orphaned-plugins.js"].includes(f) &&
        !/^dist\/(provider|emulator)\/.+\.(js|d\.ts)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /\.test\.|\/testing\/|\.map$/.test(f))).toEqual([]);
  },
  10 * 60_000,
);
