import { diffSignInToken } from "./diff";

const stored = {
  userId: "user_1",
  expiresInSeconds: 3600,
  renewBeforeSeconds: 0,
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  token: "jwt",
  url: "https://example.test/ticket",
  status: "pending",
  __provider: "code-v1",
};
const same = { userId: "user_1", expiresInSeconds: 3600, renewBeforeSeconds: 0, __provider: "code-v1" };

describe("diffSignInToken", () => {
  it("reports no change when inputs and provider code are the same", () => {
    expect(diffSignInToken(stored, same)).toEqual({ changes: false });
  });

  it.each([
    ["userId", { userId: "user_2" }],
    ["expiresInSeconds", { expiresInSeconds: 7200 }],
    ["orgId", { orgId: "org_1" }],
    ["triggers", { triggers: { sha: "abc" } }],
    ["userEmail", { userEmail: "a@example.com", userId: undefined }],
  ])("replaces the ticket when %s changes", (name, change) => {
    const result = diffSignInToken(stored, { ...same, ...change });
    expect(result.changes).toBe(true);
    expect(result.replaces).toEqual([name]);
    expect(result.deleteBeforeReplace).toBe(false);
  });

  it("reports no change when only the stored provider differs (an upgrade, or a state written by 0.1.0)", () => {
    expect(diffSignInToken(stored, { ...same, __provider: "code-v2" })).toEqual({ changes: false });
  });

  it("updates in place when only renewBeforeSeconds changed", () => {
    expect(diffSignInToken(stored, { ...same, renewBeforeSeconds: 60 })).toEqual({ changes: true });
  });

  it("compares triggers structurally, ignoring key order", () => {
    const olds = { ...stored, triggers: { a: 1, b: [1, 2] } };
    expect(diffSignInToken(olds, { ...same, triggers: { b: [1, 2], a: 1 } })).toEqual({ changes: false });
    expect(diffSignInToken(olds, { ...same, triggers: { a: 1, b: [2, 1] } }).replaces).toEqual(["triggers"]);
  });

  it("does not compare the resolved userId when the user is named by email", () => {
    const olds = { ...stored, userEmail: "a@example.com" };
    expect(diffSignInToken(olds, { ...same, userId: undefined, userEmail: "a@example.com" })).toEqual({ changes: false });
  });

  it("treats a state without defaults (older versions) as having them", () => {
    const old = { userId: "user_1", __provider: "code-v1" };
    expect(diffSignInToken(old, { userId: "user_1", expiresInSeconds: 2592000, renewBeforeSeconds: 0, __provider: "code-v1" })).toEqual({
      changes: false,
    });
  });

  it("replaces when a value is still unknown during preview", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(diffSignInToken(stored, { ...same, userId: unknown }).replaces).toEqual(["userId"]);
  });

  it("replaces a ticket that is due for renewal even when nothing changed", () => {
    const expiresAt = Date.parse("2026-01-01T01:00:00.000Z");
    const olds = { ...stored, expiresAt: new Date(expiresAt).toISOString(), renewBeforeSeconds: 600 };
    const news = { ...same, renewBeforeSeconds: 600 };
    expect(diffSignInToken(olds, news, expiresAt - 600_001)).toEqual({ changes: false });
    expect(diffSignInToken(olds, news, expiresAt - 600_000)).toEqual({
      changes: true,
      replaces: ["expiresAt"],
      deleteBeforeReplace: false,
    });
    expect(diffSignInToken(olds, news, expiresAt + 1)).toEqual({ changes: true, replaces: ["expiresAt"], deleteBeforeReplace: false });
  });
});
