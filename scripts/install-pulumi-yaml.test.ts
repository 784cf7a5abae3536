import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/*
 * How scripts/install-pulumi-yaml.sh chooses a pulumi-language-yaml, with stand-in hosts:
 * files carrying the line of build information Go embeds in a binary, which is what the
 * script reads. Building the real host is covered by tests/e2e/yaml-host.test.ts.
 */

const SCRIPT = join(__dirname, "install-pulumi-yaml.sh");
const lanes = JSON.parse(readFileSync(join(__dirname, "lanes.json"), "utf8")) as Record<string, { pulumiYaml: string }>;
const pinned = lanes.minimum.pulumiYaml;

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "install-pulumi-yaml-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in host in `dir` that claims to be built from pulumi-yaml `version`. */
function fakeHost(dir: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "pulumi-language-yaml");
  writeFileSync(file, `#!/bin/sh\n# mod\tgithub.com/pulumi/pulumi-yaml\tv${version}\th1:stand-in=\nexit 0\n`);
  chmodSync(file, 0o755);
  return dir;
}

/**
 * PATH as the test's, less every folder holding a real host or Go, with node kept
 * reachable (the script reads lanes.json with it). Without Go a wrong choice ends in the
 * script's "Go is not available" error at once, never in a real build.
 */
function hermeticPath(extra: string[] = []): string {
  const hide = ["pulumi-language-yaml", "go"];
  const nodeDir = join(scratch, "node-only");
  if (!existsSync(nodeDir)) {
    mkdirSync(nodeDir);
    symlinkSync(process.execPath, join(nodeDir, "node"));
  }
  const kept = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir && !hide.some((name) => existsSync(join(dir, name))));
  return [...extra, nodeDir, ...kept].join(delimiter);
}

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync("bash", [SCRIPT, ...args], {
    encoding: "utf8",
    env: { HOME: process.env.HOME ?? scratch, PULUMI_CLERK_CACHE: join(scratch, "cache"), ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scripts/install-pulumi-yaml.sh", () => {
  it.each(Object.keys(lanes))("finds the %s lane's pinned version in the cache, and prints only its folder", (lane) => {
    const bin = fakeHost(join(scratch, "cache", `pulumi-yaml-v${lanes[lane].pulumiYaml}`, "bin"), lanes[lane].pulumiYaml);
    const result = run([lane], { PATH: hermeticPath() });
    expect(result).toMatchObject({ code: 0, stdout: `${bin}\n` });
  });

  it("takes PULUMI_YAML_DIR as given, warning when its version is not the pinned one", () => {
    const dir = fakeHost(join(scratch, "mine"), "1.0.0");
    const result = run([], { PATH: hermeticPath(), PULUMI_YAML_DIR: dir });
    expect(result).toMatchObject({ code: 0, stdout: `${dir}\n` });
    expect(result.stderr).toContain("'1.0.0', not v");
  });

  it("refuses a PULUMI_YAML_DIR without the host", () => {
    mkdirSync(join(scratch, "empty"));
    const result = run([], { PATH: hermeticPath(), PULUMI_YAML_DIR: join(scratch, "empty") });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("has no executable 'pulumi-language-yaml'");
  });

  it("uses a host on PATH built at the pinned version", () => {
    const dir = fakeHost(join(scratch, "on-path"), pinned);
    const result = run([], { PATH: hermeticPath([dir]) });
    expect(result).toMatchObject({ code: 0, stdout: `${dir}\n` });
  });

  it("passes over a host on PATH at another version for the cache's", () => {
    const other = fakeHost(join(scratch, "on-path"), "1.0.0");
    const cached = fakeHost(join(scratch, "cache", `pulumi-yaml-v${pinned}`, "bin"), pinned);
    const result = run([], { PATH: hermeticPath([other]) });
    expect(result).toMatchObject({ code: 0, stdout: `${cached}\n` });
    expect(result.stderr).toContain(`is '1.0.0', we need v${pinned}`);
  });

  it("without Go and nothing fitting, says so and how to get the host, and prints nothing on stdout", () => {
    // A cached host at another version (a partial or older build) is not taken either.
    fakeHost(join(scratch, "cache", `pulumi-yaml-v${pinned}`, "bin"), "1.0.0");
    const result = run([], { PATH: hermeticPath() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`pulumi-language-yaml v${pinned} is not installed, and Go is not available to build it.`);
    expect(result.stderr).toContain("PULUMI_YAML_DIR=");
  });

  it("names an unknown lane", () => {
    const result = run(["nightly"], { PATH: hermeticPath() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no lane "nightly"');
  });
});
