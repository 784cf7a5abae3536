import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { TICKETS_PROGRAM } from "./program";
import { PulumiProject } from "./pulumi-project";
import { expectNoSecretsIn, readablePlaces, secretsOf } from "./secret-audit";

/*
 * The state audit again, with the key given as secret stack config
 * (`pulumi config set --secret clerk:secretKey`) and no key in the environment.
 */

const KEY = testSecretKey();
let emulator: ClerkEmulator;
let project: PulumiProject;

beforeAll(async () => {
  emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_cfg"] });
  project = await PulumiProject.create({ program: TICKETS_PROGRAM });
  await project.ok(["stack", "init", "dev"]);
  await project.ok(["config", "set", "--secret", "clerk:secretKey"], {}, KEY);
  await project.ok(["config", "set", "clerk:apiUrl", emulator.url]);
}, 30 * 60_000);

afterAll(async () => {
  project?.remove();
  await emulator?.stop();
});

test("with the key in secret stack config, up and destroy work and nothing secret is stored in plain text", async () => {
  expect(project.env.CLERK_SECRET_KEY).toBeUndefined();
  project.writeFile("tickets.json", JSON.stringify({ cfg: { userId: "user_cfg", expiresInSeconds: 900 } }));
  await project.ok(["up", "--yes", "--skip-preview"]);
  const [held] = emulator.tokens({ userId: "user_cfg" });
  expect(held.status).toBe("pending");

  const stackFiles = readdirSync(project.dir)
    .filter((f) => f.startsWith("Pulumi."))
    .map((f) => ({ path: f, text: readFileSync(join(project.dir, f), "utf8") }));
  expectNoSecretsIn([...(await readablePlaces(project)), ...stackFiles], secretsOf(KEY, emulator));
  // The key is in the stack file, encrypted.
  expect(readFileSync(join(project.dir, "Pulumi.dev.yaml"), "utf8")).toMatch(/clerk:secretKey:\s+secure: /);

  await project.ok(["destroy", "--yes", "--skip-preview"]);
  expect(emulator.token(held.id)?.status).toBe("revoked");
});
