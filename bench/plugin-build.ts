import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pluginArchiveName } from "../scripts/build-plugin";

/*
 * The provider plugin the bench runs, as `npm run build:plugin` makes it in dist/plugin/:
 * the standalone executable (Node.js with the bundle injected), its archive for
 * `pulumi plugin install`, and the bundle itself. Rebuilt when missing or older than the
 * sources it is bundled from (esbuild bundles provider/ from its TypeScript sources).
 */

export interface PluginBuild {
  /** dist/plugin/pulumi-resource-clerk: the single executable application. */
  executable: string;
  /** dist/plugin/pulumi-resource-clerk.js: the same plugin as one script for `node`. */
  bundle: string;
  /** The plugin archive, as `pulumi plugin install resource clerk <version> --file` takes it. */
  archive: string;
  /** Whether this call built it. */
  built: boolean;
}

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(path));
    else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function ensurePlugin(repoRoot: string, log: (line: string) => void): PluginBuild {
  const out = join(repoRoot, "dist", "plugin");
  const paths = {
    executable: join(out, "pulumi-resource-clerk"),
    bundle: join(out, "pulumi-resource-clerk.js"),
    archive: join(out, pluginArchiveName()),
  };
  const sources = Math.max(
    newestMtimeMs(join(repoRoot, "provider")),
    ...["package.json", join("scripts", "build-plugin.ts")].map((f) => statSync(join(repoRoot, f)).mtimeMs),
  );
  const current = Object.values(paths).every((p) => existsSync(p) && statSync(p).mtimeMs >= sources);
  if (current) return { ...paths, built: false };
  log("building the provider plugin (npm run build:plugin: dist/plugin/)…");
  try {
    execFileSync(process.execPath, [join(repoRoot, "dist", "scripts", "build-plugin.js")], {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    throw new Error(
      `building the provider plugin failed (leave it out with --contenders package,bare):\n${stderr.split("\n").slice(-15).join("\n")}`,
    );
  }
  for (const path of Object.values(paths)) if (!existsSync(path)) throw new Error(`the plugin build made no ${path}`);
  return { ...paths, built: true };
}
