// @ts-check
// What building the Pulumi CLI v<version> from Go modules needs to know, read from the
// release's own go.mod files through the Go module proxy (scripts/install-pulumi-cli.sh):
// `node scripts/lib/go-release.js <version>` prints pkg/v3's `go` line, the release commit
// (`-` when the proxy does not tell it) and then the replaces of pkg/v3 and sdk/v3 that
// point at a module version (not at a folder of Pulumi's repository), one a line, as
// `old[@version]=new@version`. Run it in a folder outside any Go module.

const { execFileSync } = require("node:child_process");

/**
 * @param {...string} args
 * @returns {any}
 */
function go(...args) {
  return JSON.parse(execFileSync("go", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
}

/**
 * @param {string} version
 * @returns {{ goVersion: string, commit: string, replaces: string[] }}
 */
function goRelease(version) {
  /** @type {string[]} */
  const replaces = [];
  let goVersion = "";
  for (const mod of ["pkg", "sdk"]) {
    const download = go("mod", "download", "-json", `github.com/pulumi/pulumi/${mod}/v3@v${version}`);
    /** @type {{ Go: string, Replace?: Array<{ Old: { Path: string, Version?: string }, New: { Path: string, Version?: string } }> }} */
    const modFile = go("mod", "edit", "-json", download.GoMod);
    if (mod === "pkg") goVersion = modFile.Go;
    for (const { Old, New } of modFile.Replace ?? []) {
      if (New.Version) replaces.push(`${Old.Path}${Old.Version ? `@${Old.Version}` : ""}=${New.Path}@${New.Version}`);
    }
  }
  const commit = go("list", "-m", "-json", `github.com/pulumi/pulumi/sdk/v3@v${version}`).Origin?.Hash || "-";
  return { goVersion, commit, replaces: [...new Set(replaces)] };
}

if (require.main === module) {
  try {
    const { goVersion, commit, replaces } = goRelease(process.argv[2] ?? "");
    console.log([goVersion, commit, ...replaces].join("\n"));
  } catch (err) {
    const e = /** @type {{ stderr?: unknown, message?: string }} */ (err);
    console.error(String(e.stderr || e.message).trim());
    process.exit(1);
  }
}

module.exports = { goRelease };
