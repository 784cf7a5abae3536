import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { localBackendEnv, runCommand } from "../../scripts/lib/temp-project";
import { PASSPHRASE, pulumiBinDir } from "./pulumi-project";
import { pulumiYamlDir, testLane } from "./pulumi-yaml";

/*
 * The lane's Pulumi CLI runs a `runtime: yaml` program with the pinned Pulumi YAML
 * language host (scripts/install-pulumi-yaml.sh): the ground the YAML tests of the
 * provider plugin stand on. The program declares no resource, so no plugin is needed.
 */

const PROGRAM = `name: yaml-smoke
runtime: yaml
variables:
  word: hello
outputs:
  greeting: \${word} from YAML
  hidden:
    fn::secret: not for logs
`;

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  const [cli, yaml] = await Promise.all([pulumiBinDir(), pulumiYamlDir()]);
  dir = mkdtempSync(join(tmpdir(), "yaml-smoke-"));
  writeFileSync(join(dir, "Pulumi.yaml"), PROGRAM);
  env = localBackendEnv({ binDir: cli, backendDir: join(dir, ".state"), homeDir: join(dir, ".pulumi-home"), passphrase: PASSPHRASE });
  env.PATH = `${yaml}${delimiter}${env.PATH}`;
}, 30 * 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function pulumi(...args: string[]) {
  const result = await runCommand("pulumi", [...args, "--non-interactive"], { cwd: dir, env });
  if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

test("the host the CLI runs is the lane's pinned Pulumi YAML", async () => {
  const lanes = JSON.parse(readFileSync(join(__dirname, "..", "..", "scripts", "lanes.json"), "utf8"));
  const about = JSON.parse((await pulumi("about", "--json")).stdout) as { plugins: Array<{ kind: string; name: string; version: string }> };
  expect(about.plugins).toContainEqual({ kind: "language", name: "yaml", version: lanes[testLane()].pulumiYaml });
});

test(
  "up, the outputs (a secret one masked, then revealed) and destroy of a YAML program",
  async () => {
    await pulumi("stack", "init", "dev");
    await pulumi("up", "--yes", "--skip-preview");
    expect(JSON.parse((await pulumi("stack", "output", "--json")).stdout)).toEqual({ greeting: "hello from YAML", hidden: "[secret]" });
    expect(JSON.parse((await pulumi("stack", "output", "--json", "--show-secrets")).stdout)).toEqual({
      greeting: "hello from YAML",
      hidden: "not for logs",
    });
    await pulumi("destroy", "--yes", "--skip-preview");
    expect(JSON.parse((await pulumi("stack", "output", "--json")).stdout)).toEqual({});
  },
  5 * 60_000,
);
