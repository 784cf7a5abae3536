import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/serialized-provider";

const execFileAsync = promisify(execFile);

/** The committed SDKs. */
export const SDK_DIR = join(REPO_ROOT, "sdk");

/**
 * Folders a user's tools make inside a generated SDK (npm and tsc in sdk/nodejs, Python in
 * sdk/python; the generated .gitignore files name them): not part of what is generated.
 */
const TOOL_OUTPUT = new Set(["node_modules", "bin", "__pycache__"]);

/** Every file under `root`, as sorted `/`-separated paths relative to it. */
export function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!TOOL_OUTPUT.has(entry.name)) walk(path);
      } else {
        files.push(relative(root, path).split(sep).join("/"));
      }
    }
  };
  walk(root);
  return files.sort();
}

/**
 * How `committed` differs from `generated`, one line per file: "stale" (contents
 * differ), "missing" (generated, not committed), "extra" (committed, no longer generated).
 */
export function compareTrees(generated: string, committed: string): string[] {
  const want = listFiles(generated);
  const have = new Set(listFiles(committed));
  const differences: string[] = [];
  for (const file of want) {
    if (!have.has(file)) differences.push(`missing: ${file}`);
    else if (!readFileSync(join(generated, file)).equals(readFileSync(join(committed, file)))) differences.push(`stale:   ${file}`);
    have.delete(file);
  }
  for (const file of have) differences.push(`extra:   ${file}`);
  return differences;
}

/**
 * Runs `npm run gen-sdk` into `out` (a folder that must not exist yet). The first run on a
 * machine builds the generator: minutes with empty Go caches.
 */
export async function generateSdk(out: string): Promise<void> {
  await execFileAsync("bash", [join(REPO_ROOT, "scripts", "gen-sdk.sh"), "--out", out], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * 60_000,
  });
}
