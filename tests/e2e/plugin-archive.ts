import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { PACKAGE_VERSION } from "../../provider/version";
import { runCommand } from "../../scripts/lib/temp-project";
import { REPO_ROOT } from "../support/serialized-provider";

const execFileAsync = promisify(execFile);

/*
 * The provider plugin as users of other languages install it: the archive
 * `npm run build:plugin` makes (a standalone executable), installed with
 * `pulumi plugin install resource clerk <version> --file <archive>`. Built once per content
 * of what goes into it, and per Node.js (the executable embeds the one running the tests),
 * into the cache folder: <cache>/plugin-<hash>/.
 */

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : [path];
  });
}

function contentKey(): string {
  const hash = createHash("sha256").update(process.version);
  const files = [
    ...filesIn(join(REPO_ROOT, "provider")),
    ...["package.json", "package-lock.json", "scripts/build-plugin.ts"].map((f) => join(REPO_ROOT, f)),
  ];
  for (const file of files.filter((f) => !f.endsWith(".test.ts")).sort()) {
    hash.update(`${relative(REPO_ROOT, file)}\0`).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

let built: Promise<string> | undefined;

/** The path of the plugin archive of this tree, built if the cache has none. */
export function pluginArchive(): Promise<string> {
  built ??= (async () => {
    const { stdout } = await execFileAsync("bash", [join(REPO_ROOT, "scripts", "lib", "cache-root.sh")]);
    const dir = join(stdout.trim(), `plugin-${contentKey()}`);
    const archive = join(dir, `pulumi-resource-clerk-v${PACKAGE_VERSION}-linux-amd64.tar.gz`);
    if (existsSync(archive)) return archive;
    // Built beside, renamed into place when whole: a reader never sees half a build.
    const partial = `${dir}.partial.${process.pid}`;
    mkdirSync(partial, { recursive: true });
    try {
      await execFileAsync(process.execPath, [join(REPO_ROOT, "dist", "scripts", "build-plugin.js"), "--out", partial], {
        cwd: REPO_ROOT,
        maxBuffer: 64 * 1024 * 1024,
      });
      rmSync(join(partial, "sea-prep.blob"), { force: true });
      if (!existsSync(dir)) renameSync(partial, dir);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
    return archive;
  })();
  built.catch(() => {
    built = undefined;
  });
  return built;
}

/** Installs the archive into the Pulumi home of `env` (PULUMI_HOME), as a user does. */
export async function installPlugin(env: Record<string, string>, cwd: string): Promise<void> {
  const archive = await pluginArchive();
  const result = await runCommand("pulumi", ["plugin", "install", "resource", "clerk", PACKAGE_VERSION, "--file", archive], { cwd, env });
  if (result.code !== 0) throw new Error(`pulumi plugin install failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}
