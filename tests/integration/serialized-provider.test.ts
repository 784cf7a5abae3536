import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { signInUrl } from "../../provider/core/outputs";
import { createTempProject, removeTempProject } from "../../scripts/lib/temp-project";
import { testSecretKey } from "../support/env";
import { failure } from "../support/failure";
import { loadProvider, type ProviderProcess, REPO_ROOT, type SerializedProvider, serializeProvider } from "../support/serialized-provider";

/*
 * The provider as Pulumi runs it: serialized by Pulumi's closure serializer in a plain
 * Node process, from a program whose node_modules holds the packed package, loaded back
 * from text in a separate process, its methods called against the emulator over real
 * HTTP on 127.0.0.1.
 */

const KEY = testSecretKey();
let emulator: ClerkEmulator;
let project: string;
let serialized: SerializedProvider;
let provider: ProviderProcess;
const started: ProviderProcess[] = [];

beforeAll(async () => {
  emulator = await startClerkEmulator({
    secretKey: KEY,
    users: ["user_alice", { id: "user_bob", emailAddresses: ["bob@example.com"], organizationIds: ["org_qa"] }],
  });
  project = createTempProject({
    repoRoot: REPO_ROOT,
    prefix: "clerk-serialize-",
    pulumiYaml: "name: serialize\nruntime: nodejs\n",
    files: {},
  });
  // The key is in the serializing process's environment, as it is in a pipeline.
  serialized = await serializeProvider({
    cwd: project,
    packageDir: join(project, "node_modules", "pulumi-clerk-sign-in-tokens"),
    env: { CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url },
  });
  provider = await fresh({ CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url });
}, 60_000);

afterAll(async () => {
  for (const p of started) p.stop();
  await emulator?.stop();
  if (project) removeTempProject(project);
});

async function fresh(env: NodeJS.ProcessEnv, text: string = serialized.text, cwd: string = project): Promise<ProviderProcess> {
  const p = await loadProvider(text, cwd, env);
  started.push(p);
  return p;
}

beforeEach(() => emulator.resetRequests());

async function mint(inputs: Record<string, unknown>) {
  const checked = await provider.check({}, { ...inputs, __provider: serialized.text });
  expect(checked.failures ?? []).toEqual([]);
  return provider.create(checked.inputs);
}

describe("the serialized provider", () => {
  it("is a reference to the installed package's stored provider: no code, no key, a few hundred bytes", () => {
    expect(serialized.text).toContain('require("pulumi-clerk-sign-in-tokens/dist/provider/stored-provider.js")');
    expect(serialized.text.match(/require\(/g)).toHaveLength(1);
    expect(serialized.text.length).toBeLessThan(400);
    expect(serialized.text).not.toContain(KEY);
    expect(serialized.containsSecrets).toBe(false);
  });

  it("serialized by value when the package is outside any node_modules, it holds no key and still works", async () => {
    const byValue = await serializeProvider({
      cwd: REPO_ROOT,
      packageDir: REPO_ROOT,
      env: { CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url },
    });
    expect(byValue.text).not.toContain("stored-provider.js");
    expect(byValue.text).not.toContain(KEY);
    expect(byValue.text).not.toContain(KEY.slice(8));
    expect(byValue.containsSecrets).toBe(false);
    const p = await fresh({ CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url }, byValue.text, REPO_ROOT);
    const checked = await p.check({}, { userId: "user_alice" });
    const created = await p.create(checked.inputs);
    expect(emulator.token(created.id)?.status).toBe("pending");
    await p.delete(created.id, created.outs);
    expect(emulator.token(created.id)?.status).toBe("revoked");
  });

  it("mints a ticket: the emulator holds one pending token with the outputs' token and url", async () => {
    const created = await mint({ userId: "user_alice", expiresInSeconds: 3600 });
    const held = emulator.token(created.id);
    expect({ userId: held?.userId, status: held?.status }).toEqual({ userId: "user_alice", status: "pending" });
    const { token, urlTemplate, ...plain } = created.outs;
    expect(plain).toMatchObject({ userId: "user_alice", expiresInSeconds: 3600, renewBeforeSeconds: 0, status: "pending" });
    // Booleans, so that a failure does not print the ticket.
    expect(token === held!.token).toBe(true);
    expect(signInUrl(created.outs) === held!.url).toBe(true);
    // The link is stored without the ticket, which the state holds once, as the secret token.
    expect(created.outs.url).toBeUndefined();
    expect(urlTemplate?.includes(held!.token)).toBe(false);
    expect(urlTemplate).toMatch(/\{token\}/);
    expect(Date.parse(created.outs.expiresAt) - Date.parse(created.outs.createdAt)).toBe(3600_000);
    expect(created.outs.createdAt).toBe(new Date(held!.createdAt).toISOString());
    // Nothing of the ticket is in the provider code that the state stores.
    expect(serialized.text).not.toContain(held!.token);
  });

  it("sends Clerk's default lifetime when expiresInSeconds is not given", async () => {
    const created = await mint({ userId: "user_alice" });
    const held = emulator.token(created.id)!;
    expect(held.expiresAt - held.createdAt).toBe(2_592_000_000);
  });

  it("passes orgId to Clerk and echoes it in the outputs", async () => {
    const created = await mint({ userId: "user_bob", orgId: "org_qa" });
    expect(emulator.token(created.id)!.orgId).toBe("org_qa");
    expect(created.outs.orgId).toBe("org_qa");
  });

  it("resolves userEmail to the one user holding it", async () => {
    const created = await mint({ userEmail: "bob@example.com" });
    expect(created.outs.userId).toBe("user_bob");
    expect(emulator.token(created.id)!.userId).toBe("user_bob");
  });

  it("names the email when no user holds it, and mints nothing", async () => {
    const before = emulator.tokens().length;
    const err = await failure(mint({ userEmail: "nobody@example.com" }));
    expect(err.message).toMatch(/userEmail: no Clerk user has the email address "nobody@example.com"/);
    expect(err).toMatchObject({ code: "CLERK_USER_LOOKUP_FAILED", email: "nobody@example.com", userIds: [] });
    expect(emulator.tokens().length).toBe(before);
  });

  it("revokes on delete; a second delete (not pending any more) still succeeds", async () => {
    const created = await mint({ userId: "user_alice" });
    await provider.delete(created.id, created.outs);
    expect(emulator.token(created.id)!.status).toBe("revoked");
    await expect(provider.delete(created.id, created.outs)).resolves.toBeUndefined();
    expect(emulator.requests({ route: "revoke" }).map((r) => r.status)).toEqual([200, 400]);
  });

  it("treats an accepted ticket and an unknown one as already gone on delete", async () => {
    const created = await mint({ userId: "user_alice" });
    emulator.accept(created.id);
    await expect(provider.delete(created.id, created.outs)).resolves.toBeUndefined();
    expect(emulator.token(created.id)!.status).toBe("accepted");
    await expect(provider.delete("sit_doesnotexist", created.outs)).resolves.toBeUndefined();
  });

  it("reads back the stored outputs, secrets included, while the ticket is outside its renewal window", async () => {
    const created = await mint({ userId: "user_alice", expiresInSeconds: 3600, renewBeforeSeconds: 60 });
    emulator.resetRequests();
    const read = await provider.read(created.id, { ...created.outs, __provider: serialized.text });
    expect(read.id).toBe(created.id);
    expect(read.props?.status).toBe("pending");
    expect(read.props?.token === created.outs.token && read.props?.urlTemplate === created.outs.urlTemplate).toBe(true);
    expect(emulator.requests()).toHaveLength(0); // Clerk cannot be asked; nothing is sent
  });

  it("reports an expired ticket gone without asking Clerk", async () => {
    const created = await mint({ userId: "user_alice", expiresInSeconds: 3600 });
    emulator.resetRequests();
    const expired = { ...created.outs, expiresAt: new Date(Date.now() - 1000).toISOString(), __provider: serialized.text };
    expect((await provider.read(created.id, expired)).id).toBeUndefined();
    expect(emulator.requests()).toHaveLength(0);
  });

  it("keeps a ticket inside its renewal window and sends nothing: a preview --refresh must not revoke", async () => {
    const created = await mint({ userId: "user_alice", expiresInSeconds: 3600, renewBeforeSeconds: 600 });
    emulator.resetRequests();
    // As the state would hold it 55 minutes later: 5 minutes left, inside the 10-minute window.
    const due = { ...created.outs, expiresAt: new Date(Date.now() + 300_000).toISOString(), __provider: serialized.text };
    const read = await provider.read(created.id, due);
    expect(read.id).toBe(created.id);
    expect(emulator.requests()).toEqual([]);
    expect(emulator.token(created.id)?.status).toBe("pending");
  });

  it("reports no change when only the stored provider differs (an upgrade), and updates renewBeforeSeconds in place", async () => {
    const created = await mint({ userId: "user_alice", expiresInSeconds: 3600 });
    const olds = { ...created.outs, __provider: "provider code stored by an older version" };
    const news = { userId: "user_alice", expiresInSeconds: 3600, renewBeforeSeconds: 0, __provider: serialized.text };
    expect(await provider.diff(created.id, olds, news)).toEqual({ changes: false });
    const renewEarlier = { ...news, renewBeforeSeconds: 60 };
    expect(await provider.diff(created.id, olds, renewEarlier)).toEqual({ changes: true });
    emulator.resetRequests();
    const updated = await provider.update(created.id, olds, renewEarlier);
    expect(updated.outs.token === created.outs.token && updated.outs.urlTemplate === created.outs.urlTemplate).toBe(true);
    expect(updated.outs.renewBeforeSeconds).toBe(60);
    expect(emulator.requests()).toHaveLength(0);
  });

  it("fails with Clerk's code, the status and the trace id for an unknown user", async () => {
    const err = await failure(mint({ userId: "user_ghost" }));
    expect(err).toMatchObject({ code: "CLERK_API_ERROR", status: 404 });
    expect(err.message).toMatch(/POST \/sign_in_tokens failed with HTTP 404 \(resource_not_found: /);
    expect(err.message).toContain(`[clerk_trace_id: ${String(err.traceId)}]`);
    expect(err.traceId).toBeTruthy();
    expect(err.message).toMatch(/Check that the user \(and orgId\) exist in the Clerk instance of this key/);
  });

  it("says what to do when the key is wrong, without showing it", async () => {
    const wrong = testSecretKey();
    const p = await fresh({ CLERK_SECRET_KEY: wrong, CLERK_API_URL: emulator.url });
    const checked = await p.check({}, { userId: "user_alice" });
    const err = await failure(p.create(checked.inputs));
    expect(err.message).toMatch(/HTTP 401 \(authentication_invalid/);
    expect(err.message).toMatch(/Check that the secret key \(CLERK_SECRET_KEY\) is an active secret key/);
    expect(err.message).toMatch(/run `pulumi up` first, or `pulumi destroy --run-program`/);
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(KEY);
  });

  it("reads the key and URL from stack config given to configure", async () => {
    const p = await fresh({});
    await p.configure({ "clerk:secretKey": KEY, "clerk:apiUrl": emulator.url });
    const checked = await p.check({}, { userId: "user_alice" });
    const created = await p.create(checked.inputs);
    expect(emulator.token(created.id)!.status).toBe("pending");
  });

  describe("bad input is refused in check, before any request", () => {
    // The rules themselves are tested in provider/validation.test.ts; here, that their
    // failures come back through the serialized provider with no request sent.
    it.each([
      [{}, "userId"],
      [{ userId: "user_alice", expiresInSeconds: 1.5 }, "expiresInSeconds"],
    ])("%j fails on %s", async (inputs, property) => {
      const checked = await provider.check({}, inputs);
      expect(checked.failures?.map((f) => f.property)).toContain(property);
      expect(emulator.requests()).toHaveLength(0);
    });

    it.each([
      [
        "no key",
        { CLERK_API_URL: "http://127.0.0.1:1/v1" },
        /No Clerk secret key is set\. Export CLERK_SECRET_KEY=sk_… .*pulumi config set --secret clerk:secretKey/,
      ],
      ["a publishable key", { CLERK_SECRET_KEY: "pk_test_abc" }, /CLERK_SECRET_KEY is not a Clerk secret key/],
      ["a URL that does not parse", { CLERK_SECRET_KEY: KEY, CLERK_API_URL: "::not a url::" }, /CLERK_API_URL is not a valid URL/],
    ])("%s fails check", async (_label, env, message) => {
      const p = await fresh(env);
      await expect(p.check({}, { userId: "user_alice" })).rejects.toThrow(message);
      expect(emulator.requests()).toHaveLength(0);
    });
  });
});
