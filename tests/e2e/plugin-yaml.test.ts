import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { installPlugin } from "./plugin-archive";
import { PulumiProject } from "./pulumi-project";
import { pulumiYamlDir } from "./pulumi-yaml";
import { expectNoSecretsIn, readablePlaces, secretsOf } from "./secret-audit";

/*
 * A Pulumi YAML program, run by Pulumi YAML's own language host, using the provider plugin
 * installed from its archive as users of other languages install it. Two Clerk instances:
 * the default provider's settings come from the environment, the explicit provider's from
 * its own inputs (a secret key), which reach the plugin only through Configure.
 */

const KEY = testSecretKey();
const OTHER_KEY = testSecretKey();
const PAGE = "https://pr-42.preview.example.com/sign-in?from=ci";
let main: ClerkEmulator;
let other: ClerkEmulator;
let project: PulumiProject;

function program(expiresInSeconds: number): string {
  return `name: clerk-yaml
runtime: yaml
config:
  otherKey:
    type: string
    secret: true
  otherApiUrl:
    type: string
resources:
  login:
    type: clerk:index:SignInToken
    properties:
      userId: user_yaml
      expiresInSeconds: ${expiresInSeconds}
      signInPage: ${PAGE}
  other:
    type: pulumi:providers:clerk
    properties:
      secretKey: \${otherKey}
      apiUrl: \${otherApiUrl}
  elsewhere:
    type: clerk:index:SignInToken
    properties:
      userEmail: yaml@example.com
      expiresInSeconds: 600
    options:
      provider: \${other}
  cast:
    type: clerk:index:SignInTokens
    properties:
      users:
        admin:
          userId: user_yaml
        viewer:
          userEmail: yaml@example.com
      defaults:
        expiresInSeconds: 1200
      signInPage: ${PAGE}
outputs:
  url: \${login.url}
  token: \${login.token}
  link: \${login.signInPageUrl}
  status: \${login.status}
  elsewhereId: \${elsewhere.id}
  ids: \${cast.ids}
  links: \${cast.signInPageUrls}
`;
}

beforeAll(async () => {
  const users = [{ id: "user_yaml", emailAddresses: ["yaml@example.com"] }];
  [main, other] = await Promise.all([
    startClerkEmulator({ secretKey: KEY, users }),
    startClerkEmulator({ secretKey: OTHER_KEY, users: [{ id: "user_other", emailAddresses: ["yaml@example.com"] }] }),
  ]);
  project = await PulumiProject.createYaml({
    yaml: program(3600),
    yamlHostDir: await pulumiYamlDir(),
    env: { CLERK_SECRET_KEY: KEY, CLERK_API_URL: main.url },
  });
  await installPlugin(project.env, project.dir);
  await project.ok(["stack", "init", "dev"]);
  await project.ok(["config", "set", "--secret", "otherKey"], {}, OTHER_KEY);
  await project.ok(["config", "set", "otherApiUrl", other.url]);
}, 30 * 60_000);

afterAll(async () => {
  project?.remove();
  await Promise.all([main?.stop(), other?.stop()]);
});

const requests = () => main.requests().length + other.requests().length;

test("preview sends nothing; bad input fails the preview naming the field, before any request", async () => {
  await project.ok(["preview"]);
  expect(requests()).toBe(0);
  project.writeFile("Pulumi.yaml", program(0));
  const bad = await project.run(["preview"]);
  expect(bad.code).not.toBe(0);
  expect(bad.stdout + bad.stderr).toMatch(
    /property expiresInSeconds value \{0\} has a problem: CLERK_INPUT_INVALID: expiresInSeconds must be ≥ 1/,
  );
  expect(requests()).toBe(0);
  project.writeFile("Pulumi.yaml", program(3600));
});

test("up mints through both providers; outputs are secrets, masked in the output and encrypted in the state", async () => {
  const up = await project.ok(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/url\s*: \[secret\]/);
  expect(up.stdout).toMatch(/token\s*: \[secret\]/);
  expect(up.stdout).toMatch(/link\s*: \[secret\]/);
  expect(main.tokens({ status: "pending" })).toHaveLength(3); // login and the cast's two
  const [elsewhere] = other.tokens({ status: "pending" });
  expect(elsewhere.userId).toBe("user_other"); // the explicit provider's own instance and key

  const outputs = JSON.parse((await project.ok(["stack", "output", "--json", "--show-secrets"])).stdout);
  const login = main.tokens().find((t) => t.id !== outputs.ids.admin && t.id !== outputs.ids.viewer);
  expect(login).toBeDefined();
  // Booleans: a failing test must not print a ticket.
  expect(outputs.url === login?.url).toBe(true);
  expect(outputs.token === login?.token).toBe(true);
  expect(
    outputs.link === `https://pr-42.preview.example.com/sign-in?from=ci&__clerk_ticket=${encodeURIComponent(login?.token ?? "")}`,
  ).toBe(true);
  expect(outputs.status).toBe("pending");
  expect(outputs.elsewhereId).toBe(elsewhere.id);
  expect(Object.keys(outputs.links).sort()).toEqual(["admin", "viewer"]);
  expectNoSecretsIn(await readablePlaces(project), [...secretsOf(KEY, main), ...secretsOf(OTHER_KEY, other)]);
});

test("preview and preview --refresh send nothing and plan no change", async () => {
  const before = requests();
  const preview = await project.ok(["preview"]);
  const refresh = await project.ok(["preview", "--refresh"]);
  for (const run of [preview, refresh]) expect(run.stdout).toMatch(/Resources:\n\s+7 unchanged\n/);
  expect(requests()).toBe(before);
});

test("destroy revokes every ticket, at both instances", async () => {
  await project.ok(["destroy", "--yes", "--skip-preview"]);
  expect(main.tokens({ status: "pending" })).toEqual([]);
  expect(other.tokens({ status: "pending" })).toEqual([]);
  expect(main.tokens({ status: "revoked" })).toHaveLength(3);
});
