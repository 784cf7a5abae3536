import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PACKAGE_VERSION } from "../provider/version";

/*
 * `npm run build:plugin [-- --out <folder>]`: the provider plugin as Pulumi installs
 * plugins, in dist/plugin/ (or the folder given):
 *
 * - `pulumi-resource-clerk.js`: one file holding the plugin and everything it runs
 *   (@pulumi/pulumi, gRPC, undici, zod), bundled by esbuild;
 * - `pulumi-resource-clerk`: a standalone executable, Node.js's own binary with that file
 *   injected as a single executable application (postject), so the user's machine needs no
 *   Node.js;
 * - `pulumi-resource-clerk-v<version>-<os>-<arch>.tar.gz`: Pulumi's plugin archive of it,
 *   for `pulumi plugin install resource clerk <version> --file <archive>`.
 *
 * The executable embeds the Node.js that runs this script (the lane's, in the tests), for
 * the platform it runs on: build on each platform you ship to.
 */

const REPO_ROOT = join(__dirname, "..", "..");
const DEFAULT_OUT = join(REPO_ROOT, "dist", "plugin");
/** The fuse Node.js looks for to know it carries an application (Node's SEA documentation). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** Pulumi's names for an OS and an architecture (`linux-amd64`, `darwin-arm64`, `windows-amd64`). */
export function pluginPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = arch === "x64" ? "amd64" : arch;
  return `${os}-${cpu}`;
}

export function pluginArchiveName(version: string = PACKAGE_VERSION, platform: string = pluginPlatform()): string {
  return `pulumi-resource-clerk-v${version}-${platform}.tar.gz`;
}

async function bundle(outfile: string): Promise<string[]> {
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(REPO_ROOT, "provider", "plugin", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    metafile: true,
    // Their license texts go into THIRD-PARTY-LICENSES.txt instead (see licenses()).
    legalComments: "none",
    logLevel: "warning",
  });
  return Object.keys(result.metafile?.inputs ?? {});
}

/** Name, version, license and license text of every npm package the bundle holds. */
function licenses(inputs: string[]): string {
  const packages = new Set<string>();
  for (const input of inputs) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.split("\\").join("/"));
    if (match) packages.add(input.slice(0, input.lastIndexOf(`node_modules/${match[1]}/`) + `node_modules/${match[1]}`.length));
  }
  const sections = [...packages].sort().map((dir) => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, dir, "package.json"), "utf8")) as {
      name: string;
      version: string;
      license?: string;
    };
    const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license", "LICENCE"].map((f) => join(REPO_ROOT, dir, f)).find(existsSync);
    const text = file ? readFileSync(file, "utf8").trim() : `(no license file; package.json says ${manifest.license ?? "nothing"})`;
    return `${manifest.name} ${manifest.version} (${manifest.license ?? "unknown"})\n\n${text}\n`;
  });
  return `The plugin bundles these packages:\n\n${sections.join(`\n${"-".repeat(78)}\n\n`)}`;
}

async function singleExecutable(out: string, script: string, executable: string): Promise<void> {
  const config = join(out, "sea-config.json");
  const blob = join(out, "sea-prep.blob");
  // The code cache: V8's compilation of the bundle, made now, so that each start of the
  // plugin skips compiling 18 MB of JavaScript (measured: about 340 ms to the port line
  // instead of 550 ms). It fits only the Node.js it was made by, which is the one embedded.
  writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
  execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: ["ignore", "ignore", "inherit"] });
  copyFileSync(process.execPath, executable);
  chmodSync(executable, 0o755);
  const postject = require("postject") as { inject(file: string, name: string, data: Buffer, options: object): Promise<void> };
  // Awaited: the archive below must hold the executable with the application in it, not
  // the bare copy of Node.js that postject is still writing to.
  await postject.inject(executable, "NODE_SEA_BLOB", readFileSync(blob), { sentinelFuse: SEA_FUSE });
}

/** Builds everything into `out` (emptied first); returns the archive's path. */
export async function buildPlugin(out: string = DEFAULT_OUT): Promise<string> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const script = join(out, "pulumi-resource-clerk.js");
  const inputs = await bundle(script);
  writeFileSync(join(out, "THIRD-PARTY-LICENSES.txt"), licenses(inputs));
  const executable = join(out, "pulumi-resource-clerk");
  await singleExecutable(out, script, executable);
  for (const file of ["LICENSE", "README.md"]) copyFileSync(join(REPO_ROOT, file), join(out, file));
  const archive = join(out, pluginArchiveName());
  execFileSync("tar", ["-czf", archive, "-C", out, "pulumi-resource-clerk", "LICENSE", "README.md", "THIRD-PARTY-LICENSES.txt"]);
  return archive;
}

if (require.main === module) {
  const at = process.argv.indexOf("--out");
  buildPlugin(at > 0 ? resolve(process.argv[at + 1]) : DEFAULT_OUT).then(
    (archive) => {
      process.stdout.write(`${relative(process.cwd(), archive)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`build-plugin: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
