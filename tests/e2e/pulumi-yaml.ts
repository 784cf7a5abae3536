import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/serialized-provider";

const execFileAsync = promisify(execFile);

/** The test lane this run is on: scripts/test.sh says which; a bare `npx jest` is the minimum one. */
export function testLane(): string {
  return process.env.CLERK_TEST_LANE || "minimum";
}

let yamlDir: Promise<string> | undefined;

/**
 * The folder holding the lane's Pulumi YAML language host, `pulumi-language-yaml`:
 * `PULUMI_YAML_DIR` when set, else what scripts/install-pulumi-yaml.sh finds or builds
 * (a minute and more the first time on a machine, then instant).
 */
export function pulumiYamlDir(): Promise<string> {
  yamlDir ??= execFileAsync("bash", [join(REPO_ROOT, "scripts", "install-pulumi-yaml.sh"), testLane()], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 20 * 60_000,
  }).then(({ stdout }) => stdout.trim());
  return yamlDir;
}
