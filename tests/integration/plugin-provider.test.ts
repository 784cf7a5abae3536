import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import schema from "../../provider/plugin/schema.json";
import { PACKAGE_VERSION } from "../../provider/version";
import { createTempProject, removeTempProject } from "../../scripts/lib/temp-project";
import { testSecretKey } from "../support/env";
import { DIFF_CHANGES, type PluginProcess, startPlugin } from "../support/plugin-process";
import { REPO_ROOT } from "../support/serialized-provider";

/*
 * The provider plugin as the engine speaks to it: the packed package's `pulumi-resource-clerk`
 * in a process of its own, over gRPC, against the emulator over HTTP. What the engine would
 * send is sent as it would send it: secrets in Pulumi's wrappers, settings in Configure.
 */

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });
const isSecret = (value: unknown) => typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG] === SECRET;
const URN = "urn:pulumi:dev::app::clerk:index:SignInToken::login";

const KEY = testSecretKey();
let emulator: ClerkEmulator;
let project: string;
let plugin: PluginProcess | undefined;

beforeAll(async () => {
  emulator = await startClerkEmulator({ secretKey: KEY, users: [{ id: "user_alice", emailAddresses: ["alice@example.com"] }] });
  project = createTempProject({ repoRoot: REPO_ROOT, prefix: "clerk-plugin-", pulumiYaml: "name: plugin\nruntime: yaml\n", files: {} });
});
afterAll(async () => {
  await plugin?.stop();
  removeTempProject(project);
  await emulator.stop();
});

/** The plugin, started as the engine starts it, with only `env` in its environment. */
async function start(env: Record<string, string> = {}): Promise<PluginProcess> {
  await plugin?.stop();
  const main = join(project, "node_modules", "pulumi-clerk-sign-in-tokens", "dist", "provider", "plugin", "main.js");
  plugin = await startPlugin(process.execPath, [main], { PATH: process.env.PATH, ...env });
  return plugin;
}

describe("plugin/, the folder `pulumi package add` takes", () => {
  it("runs under @pulumi/pulumi's plugin runner, as Pulumi's Node.js host runs a source plugin, and serves the schema", async () => {
    const dir = join(project, "source-plugin");
    mkdirSync(dir);
    for (const file of ["PulumiPlugin.yaml", "package.json", "index.js"]) copyFileSync(join(REPO_ROOT, "plugin", file), join(dir, file));
    symlinkSync(join(project, "node_modules"), join(dir, "node_modules"));
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies["pulumi-clerk-sign-in-tokens"]).toBe(
      `^${PACKAGE_VERSION}`,
    );
    await plugin?.stop();
    const runner = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [project] });
    plugin = await startPlugin(process.execPath, [runner, dir], { PATH: process.env.PATH });
    expect(JSON.parse(await plugin.getSchema())).toEqual(schema);
  });
});

describe("the provider plugin over gRPC", () => {
  it("exits when its engine is gone: the engine's pipe on its stdin closes", async () => {
    const p = await start();
    const exited = p.closeStdin();
    await expect(exited).resolves.toBe(0);
    plugin = undefined;
  });

  it("serves its schema", async () => {
    const p = await start();
    expect(JSON.parse(await p.getSchema())).toEqual(schema);
  });

  it("takes an explicit provider's secret key from Configure, mints with secret outputs, and revokes", async () => {
    const p = await start();
    await p.configure({ secretKey: secret(KEY), apiUrl: emulator.url, requestTimeoutMs: 5000 });
    const page = "https://pr-42.preview.example.com/sign-in?tab=1#top";
    const checked = await p.check(URN, { userId: "user_alice", expiresInSeconds: 600, signInPage: page });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ userId: "user_alice", expiresInSeconds: 600, renewBeforeSeconds: 0 });

    const created = await p.create(URN, checked.inputs);
    const [ticket] = emulator.tokens();
    expect(created.id).toBe(ticket.id);
    expect(ticket.status).toBe("pending");
    for (const name of ["token", "url", "signInPageUrl"]) expect([name, isSecret(created.properties[name])]).toEqual([name, true]);
    // Compared as booleans: a failing test must not print a ticket.
    const outs = created.properties as Record<string, { value: string }>;
    expect(outs.token.value === ticket.token).toBe(true);
    expect(outs.url.value === ticket.url).toBe(true);
    expect(
      outs.signInPageUrl.value === `https://pr-42.preview.example.com/sign-in?tab=1&__clerk_ticket=${encodeURIComponent(ticket.token)}#top`,
    ).toBe(true);
    expect(created.properties).toMatchObject({ userId: "user_alice", status: "pending", expiresInSeconds: 600 });
    expect(JSON.stringify(created.properties).split(ticket.token).length - 1).toBe(3); // only inside the three wrappers

    await p.delete(URN, created.id, created.properties);
    expect(emulator.token(ticket.id)?.status).toBe("revoked");
    await p.delete(URN, created.id, created.properties); // not pending any more: done already
  });

  it("keeps secret inputs secret in check and in the outputs", async () => {
    const p = await start({ CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url });
    const checked = await p.check(URN, { userEmail: secret("alice@example.com"), expiresInSeconds: 60 });
    expect(checked.failures).toEqual([]);
    expect(isSecret(checked.inputs.userEmail)).toBe(true);
    const created = await p.create(URN, checked.inputs);
    expect(isSecret(created.properties.userEmail)).toBe(true);
    expect(created.properties.userId).toBe("user_alice");
    await p.delete(URN, created.id, created.properties);
  });

  it("falls back to the environment, and reads the default provider's stack config from Configure", async () => {
    const p = await start({ CLERK_SECRET_KEY: testSecretKey(), CLERK_API_URL: emulator.url });
    await p.configure({ secretKey: secret(KEY) }); // stack config wins over the environment
    const created = await p.create(URN, (await p.check(URN, { userId: "user_alice", expiresInSeconds: 60 })).inputs);
    expect(emulator.token(created.id)?.status).toBe("pending");
    await p.delete(URN, created.id, created.properties);
  });

  it("fails check with the package's codes: a bad input names its property, a missing key says how to set one", async () => {
    const p = await start({ CLERK_SECRET_KEY: KEY });
    const bad = await p.check(URN, { userId: "user_alice", expiresInSeconds: 0, signInPage: "ftp://example.com/sign-in" });
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["expiresInSeconds", "signInPage"]);
    expect(bad.failures.every((f) => f.reason.startsWith("CLERK_INPUT_INVALID: "))).toBe(true);

    const noKey = await start();
    const sent = emulator.requests().length;
    await expect(noKey.check(URN, { userId: "user_alice" })).rejects.toThrow(/CLERK_CONFIG_INVALID: No Clerk secret key is set/);
    expect(emulator.requests().length).toBe(sent);
  });

  it("a new sign-in page updates the link in place; any ticket input replaces", async () => {
    const p = await start({ CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url });
    const inputs = (await p.check(URN, { userId: "user_alice", expiresInSeconds: 60 })).inputs;
    const created = await p.create(URN, inputs);
    const before = emulator.requests().length;
    const moved = { ...inputs, signInPage: "https://pr-43.preview.example.com/sign-in" };
    expect(await p.diff(URN, created.id, created.properties, moved)).toEqual({ changes: DIFF_CHANGES.DIFF_SOME, replaces: [] });
    expect(await p.diff(URN, created.id, created.properties, { ...inputs, userId: "user_bob" })).toMatchObject({ replaces: ["userId"] });
    expect(await p.diff(URN, created.id, created.properties, inputs)).toMatchObject({ changes: DIFF_CHANGES.DIFF_NONE });

    const updated = await p.update(URN, created.id, created.properties, moved);
    const link = (updated.properties.signInPageUrl as { value: string }).value;
    expect(link.startsWith("https://pr-43.preview.example.com/sign-in?__clerk_ticket=")).toBe(true);
    expect(isSecret(updated.properties.token)).toBe(true);
    const token = (props: Record<string, unknown>) => (props.token as { value: unknown }).value;
    expect(token(updated.properties) === token(created.properties)).toBe(true);

    // Reading sends nothing (it runs during previews); an expired ticket reads as gone.
    expect((await p.read(URN, created.id, created.properties)).id).toBe(created.id);
    expect((await p.read(URN, created.id, { ...created.properties, expiresAt: "2020-01-01T00:00:00.000Z" })).id).toBe("");
    expect(emulator.requests().length).toBe(before);
    await p.delete(URN, created.id, created.properties);
  });
});
