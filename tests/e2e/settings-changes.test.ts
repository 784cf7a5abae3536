import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import { TICKETS_PROGRAM } from "./program";
import { PulumiProject } from "./pulumi-project";
import { ticketsInState } from "./stack-queries";

/*
 * Settings changed between `up` and `destroy`. The engine hands the provider the stack
 * config recorded at the last `up` for `destroy` and `refresh`; the environment is the
 * current one. So after such a change `destroy` fails, and its message must give advice
 * that works: `pulumi up` first, or `pulumi destroy --run-program`, which this proves.
 */

const KEY = testSecretKey();
const ADVICE = /run `pulumi up` first, or `pulumi destroy --run-program`/;
let emulator: ClerkEmulator;
const projects: PulumiProject[] = [];

beforeAll(async () => {
  emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_rot"] });
}, 60_000);

afterAll(async () => {
  for (const p of projects) p.remove();
  await emulator?.stop();
});

async function project(env: Record<string, string | undefined>): Promise<PulumiProject> {
  const p = await PulumiProject.create({ program: TICKETS_PROGRAM, env });
  projects.push(p);
  await p.ok(["stack", "init", "dev"]);
  p.writeFile("tickets.json", JSON.stringify({ rot: { userId: "user_rot", expiresInSeconds: 900 } }));
  return p;
}

test("a 401 during up reaches the CLI's output with the package's code, Clerk's code, the status and the trace id", async () => {
  const p = await project({ CLERK_API_URL: emulator.url, CLERK_SECRET_KEY: testSecretKey() });
  const up = await p.run(["up", "--yes", "--skip-preview"]);
  expect(up.code).not.toBe(0);
  expect(up.stdout + up.stderr).toMatch(
    /CLERK_API_ERROR: Clerk API POST \/sign_in_tokens failed with HTTP 401 \(authentication_invalid: [^)]*\) \[clerk_trace_id: [0-9a-f]{32}\]\. Check that the secret key \(CLERK_SECRET_KEY\)/,
  );
});

test("clerk:secretKey set wrong at an up, then right again: destroy says why it fails, and --run-program works", async () => {
  const p = await project({ CLERK_API_URL: emulator.url });
  await p.ok(["config", "set", "--secret", "clerk:secretKey"], {}, KEY);
  await p.ok(["up", "--yes", "--skip-preview"]);
  const { rot } = await ticketsInState(p);
  await p.ok(["config", "set", "--secret", "clerk:secretKey"], {}, testSecretKey());
  await p.ok(["up", "--yes", "--skip-preview"]); // nothing to change: no request, but the config is recorded
  await p.ok(["config", "set", "--secret", "clerk:secretKey"], {}, KEY);

  const destroy = await p.run(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.code).not.toBe(0);
  expect(destroy.stdout + destroy.stderr).toMatch(
    /CLERK_API_ERROR: Clerk API POST \/sign_in_tokens\/sit_\w+\/revoke failed with HTTP 401 \(authentication_invalid/,
  );
  expect(destroy.stdout + destroy.stderr).toMatch(/Check that the secret key \(clerk:secretKey\) is an active secret key/);
  expect(destroy.stdout + destroy.stderr).toMatch(ADVICE);
  expect(emulator.token(rot)?.status).toBe("pending");

  await p.ok(["destroy", "--yes", "--skip-preview", "--run-program"]);
  expect(emulator.token(rot)?.status).toBe("revoked");
});

test("the key moved from the environment to secret config: destroy says why it fails, and --run-program works", async () => {
  const p = await project({ CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url });
  await p.ok(["up", "--yes", "--skip-preview"]);
  const { rot } = await ticketsInState(p);
  await p.ok(["config", "set", "--secret", "clerk:secretKey"], {}, KEY);

  const destroy = await p.run(["destroy", "--yes", "--skip-preview"], { CLERK_SECRET_KEY: undefined });
  expect(destroy.code).not.toBe(0);
  expect(destroy.stdout + destroy.stderr).toMatch(/No Clerk secret key is set/);
  expect(destroy.stdout + destroy.stderr).toMatch(ADVICE);

  await p.ok(["destroy", "--yes", "--skip-preview", "--run-program"], { CLERK_SECRET_KEY: undefined });
  expect(emulator.token(rot)?.status).toBe("revoked");
});

test("clerk:apiUrl changed since the last up: destroy says why it fails, and pulumi up first works", async () => {
  const gone = await startClerkEmulator({ secretKey: KEY, users: ["user_rot"] });
  const p = await project({ CLERK_SECRET_KEY: KEY, CLERK_MAX_ATTEMPTS: "1" });
  await p.ok(["config", "set", "clerk:apiUrl", gone.url]);
  await p.ok(["up", "--yes", "--skip-preview"]);
  const { rot } = await ticketsInState(p);
  await gone.stop(); // the old instance's address answers no more
  await p.ok(["config", "set", "clerk:apiUrl", emulator.url]);

  const destroy = await p.run(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.code).not.toBe(0);
  expect(destroy.stdout + destroy.stderr).toMatch(/got no answer \(ECONNREFUSED/);
  expect(destroy.stdout + destroy.stderr).toMatch(/Check the network and clerk:apiUrl/);
  expect(destroy.stdout + destroy.stderr).toMatch(ADVICE);

  emulator.resetRequests();
  await p.ok(["up", "--yes", "--skip-preview"]);
  await p.ok(["destroy", "--yes", "--skip-preview"]);
  // The revoke went to the new URL: this emulator does not know the ticket, which counts as revoked.
  expect(emulator.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`POST /v1/sign_in_tokens/${rot}/revoke 404`]);
});
