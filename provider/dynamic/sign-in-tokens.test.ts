import * as pulumi from "@pulumi/pulumi";
import { plainUsers } from "../core/cast";
import { SignInTokens } from "./sign-in-tokens";

/*
 * The component under Pulumi's mocks: which children it declares, with which inputs and
 * parent, and what it outputs. The children's provider is not run here (the end-to-end
 * test many-users.test.ts does that under the real CLI).
 */

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return {
          id: `sit_${args.name}`,
          state: { ...args.inputs, url: `https://clerk.test/accept?ticket=${args.name}`, expiresAt: "2030-01-01T00:00:00.000Z" },
        };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  ),
);
beforeEach(() => (registered.length = 0));

function settled<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

const children = () => registered.filter((r) => r.type !== "clerk:index:SignInTokens");

describe("SignInTokens", () => {
  it("declares one SignInToken per user, named <name>-<key>, parented to the component", async () => {
    const set = new SignInTokens("qa", { users: { admin: "user_a", viewer: { userEmail: "v@example.com" } } });
    expect(Object.keys(set.tokens)).toEqual(["admin", "viewer"]);
    expect(await settled(set.ids)).toEqual({ admin: "sit_qa-admin", viewer: "sit_qa-viewer" });
    expect(children().map((c) => [c.type, c.name])).toEqual([
      ["pulumi-nodejs:dynamic/clerk:SignInToken", "qa-admin"],
      ["pulumi-nodejs:dynamic/clerk:SignInToken", "qa-viewer"],
    ]);
    const urn = await settled(set.urn);
    expect(urn).toMatch(/::clerk:index:SignInTokens::qa$/);
    // The parent's type is part of a child's URN type: the child is parented to the component.
    expect(await settled(set.tokens.admin.urn)).toMatch(/::clerk:index:SignInTokens\$pulumi-nodejs:dynamic\/clerk:SignInToken::qa-admin$/);
  });

  it("fills in defaults, lets an entry override them, and merges triggers key by key", async () => {
    const set = new SignInTokens("merge", {
      users: {
        plain: "user_a",
        own: { userId: "user_b", expiresInSeconds: 60, orgId: "org_own", triggers: { commit: "b", extra: 1 } },
      },
      defaults: { expiresInSeconds: 3600, renewBeforeSeconds: 30, orgId: "org_d", triggers: { commit: "a", run: "7" } },
    });
    await settled(set.ids);
    const inputs = Object.fromEntries(children().map((c) => [c.name, c.inputs]));
    expect(inputs["merge-plain"]).toMatchObject({
      userId: "user_a",
      expiresInSeconds: 3600,
      renewBeforeSeconds: 30,
      orgId: "org_d",
      triggers: { commit: "a", run: "7" },
    });
    expect(inputs["merge-own"]).toMatchObject({
      userId: "user_b",
      expiresInSeconds: 60,
      renewBeforeSeconds: 30,
      orgId: "org_own",
      triggers: { commit: "b", run: "7", extra: 1 },
    });
  });

  it("takes Outputs as values: a user id, and triggers to merge", async () => {
    const set = new SignInTokens("outs", {
      users: { a: pulumi.output("user_out"), b: { userId: "user_b", triggers: pulumi.output({ sha: "x" }) } },
      defaults: { triggers: { run: "1" } },
    });
    await settled(set.ids);
    const inputs = Object.fromEntries(children().map((c) => [c.name, c.inputs]));
    expect(inputs["outs-a"]).toMatchObject({ userId: "user_out", triggers: { run: "1" } });
    expect(inputs["outs-b"]).toMatchObject({ triggers: { run: "1", sha: "x" } });
  });

  it("outputs urls as a secret map, and ids and expiresAt in the clear", async () => {
    const set = new SignInTokens("out", { users: { a: "user_a", b: "user_b" } });
    expect(await pulumi.isSecret(set.urls)).toBe(true);
    expect(await settled(set.urls)).toEqual({
      a: "https://clerk.test/accept?ticket=out-a",
      b: "https://clerk.test/accept?ticket=out-b",
    });
    expect(await pulumi.isSecret(set.ids)).toBe(false);
    expect(await settled(set.expiresAt)).toEqual({ a: "2030-01-01T00:00:00.000Z", b: "2030-01-01T00:00:00.000Z" });
  });

  it("declares nothing for an empty map", async () => {
    const set = new SignInTokens("none", { users: {} });
    expect(await settled(set.urls)).toEqual({});
    expect(children()).toEqual([]);
  });
});

describe("the users map must be a plain object", () => {
  it.each([
    ["an Output", pulumi.output({ admin: "user_a" })],
    ["a Promise", Promise.resolve({ admin: "user_a" })],
  ])("refuses %s, saying why and what to do", (_label, users) => {
    expect(() => plainUsers("qa", users)).toThrow(
      /SignInTokens "qa": users must be a plain object written in the program .* not a pulumi\.Output or a Promise\. Its keys name one SignInToken each/,
    );
  });

  it("refuses it from the constructor too, before declaring any child", () => {
    const users = pulumi.output({ admin: "user_a" }) as unknown as Record<string, string>;
    expect(() => new SignInTokens("early", { users })).toThrow(/not a pulumi\.Output or a Promise/);
    expect(children()).toEqual([]);
  });

  it.each([
    [undefined, /users must be an object of key → user id or user settings, got undefined/],
    [["user_a"], /got an array/],
    [{ admin: 7 }, /users\.admin must be a user id or an object of settings, got a number/],
    [{ admin: null }, /users\.admin must be a user id or an object of settings, got null/],
    [{ admin: { userID: "user_a" } }, /users\.admin has unknown setting\(s\) userID/],
    [{ "": "user_a" }, /cannot name a resource/],
  ])("refuses %j", (users, message) => {
    expect(() => plainUsers("qa", users)).toThrow(message);
  });

  it("raises errors with a stable code and the property at fault", () => {
    const err = (() => {
      try {
        plainUsers("qa", { admin: 7 });
      } catch (e) {
        return e as { code?: string; property?: string };
      }
      return undefined;
    })();
    expect(err).toMatchObject({ code: "CLERK_INPUT_INVALID", property: "users.admin" });
  });

  it("refuses unknown defaults", () => {
    expect(() => new SignInTokens("d", { users: { a: "user_a" }, defaults: { userId: "x" } as never })).toThrow(
      /defaults has unknown setting\(s\) userId/,
    );
  });
});
