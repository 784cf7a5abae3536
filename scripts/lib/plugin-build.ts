import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { pluginArchiveName } from "../build-plugin";

const execFileAsync = promisify(execFile);

/*
 * The provider plugin as `npm run build:plugin` makes it (scripts/build-plugin.ts), for the
 * tests and the benchmark: built once per content of what goes into it (provider/, the
 * package's manifest and lockfile, the build script) and per Node.js (the executable embeds
 * the one running the build), into the cache folder, <cache>/plugin-<hash>/.
 */

export interface PluginBuild {
  /** The single executable application `pulumi-resource-clerk`. */
  executable: string;
  /** The same plugin as one script for `node`. */
  bundle: string;
  /** The plugin archive, as `pulumi plugin install resource clerk <version> --file` takes it. */
  archive: string;
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : [path];
  });
}

function contentKey(repoRoot: string): string {
  const hash = createHash("sha256").update(process.version);
  const files = [
    ...filesIn(join(repoRoot, "provider")),
    ...["package.json", "package-lock.json", "scripts/build-plugin.ts"].map((f) => join(repoRoot, f)),
  ];
  for (const file of files.filter((f) => !f.endsWith(".test.ts")).sort()) {
    hash.update(`${relative(repoRoot, file)}\0`).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

const builds = new Map<string, Promise<PluginBuild>>();

/** The plugin of the tree at `repoRoot`, built if the cache has none (needs dist/ compiled). */
export function pluginBuild(repoRoot: string): Promise<PluginBuild> {
  let build = builds.get(repoRoot);
  if (build === undefined) {
    build = buildInCache(repoRoot);
    builds.set(repoRoot, build);
    build.catch(() => builds.delete(repoRoot));
  }
  return build;
}

async function buildInCache(repoRoot: string): Promise<PluginBuild> {
  const { stdout } = await execFileAsync("bash", [join(repoRoot, "scripts", "lib", "cache-root.sh")]);
  const dir = join(stdout.trim(), `plugin-${contentKey(repoRoot)}`);
  const paths = (at: string): PluginBuild => ({
    executable: join(at, "pulumi-resource-clerk"),
    bundle: join(at, "pulumi-resource-clerk.js"),
    archive: join(at, pluginArchiveName()),
  });
  if (Object.values(paths(dir)).every((path) => existsSync(path))) return paths(dir);
  // Built beside, renamed into place when whole: a reader never sees half a build.
  const partial = `${dir}.partial.${process.pid}`;
  mkdirSync(partial, { recursive: true });
  try {
    await execFileAsync(process.execPath, [join(repoRoot, "dist", "scripts", "build-plugin.js"), "--out", partial], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    rmSync(join(partial, "sea-prep.blob"), { force: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return paths(dir);
}
