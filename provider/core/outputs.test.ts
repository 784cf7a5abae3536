import { isInRenewalWindow, signInUrl, toOutputs } from "./outputs";

describe("toOutputs", () => {
  it("computes expiresAt from Clerk's millisecond creation time and the lifetime", () => {
    const created = {
      object: "sign_in_token" as const,
      id: "sit_1",
      status: "pending" as const,
      user_id: "user_1",
      token: "t",
      url: "u",
      created_at: Date.UTC(2026, 0, 1),
      updated_at: Date.UTC(2026, 0, 1),
    };
    const outs = toOutputs({ userId: "user_1", expiresInSeconds: 3600, renewBeforeSeconds: 0 }, "user_1", created);
    expect(outs.createdAt).toBe("2026-01-01T00:00:00.000Z");
    expect(outs.expiresAt).toBe("2026-01-01T01:00:00.000Z");
    expect(outs).toMatchObject({ userId: "user_1", status: "pending", token: "t", url: "u" });
  });

  it("stores the link without the ticket when the link carries it once, and gives it back whole", () => {
    const token = "eyJ.header.sig";
    const url = `https://clerk.example.com/v1/tickets/accept?ticket=${token}`;
    const created = {
      object: "sign_in_token" as const,
      id: "sit_1",
      status: "pending" as const,
      user_id: "user_1",
      token,
      url,
      created_at: 0,
      updated_at: 0,
    };
    const outs = toOutputs({ userId: "user_1", expiresInSeconds: 60, renewBeforeSeconds: 0 }, "user_1", created);
    expect(outs.url).toBeUndefined();
    expect(outs.urlTemplate).toBe("https://clerk.example.com/v1/tickets/accept?ticket={token}");
    expect(signInUrl(outs)).toBe(url);
  });

  it("stores the link itself (secret) when it does not carry the ticket exactly once", () => {
    const base = {
      object: "sign_in_token" as const,
      id: "sit_1",
      status: "pending" as const,
      user_id: "user_1",
      token: "tok",
      created_at: 0,
      updated_at: 0,
    };
    const inputs = { userId: "user_1", expiresInSeconds: 60, renewBeforeSeconds: 0 };
    for (const url of ["https://x.example.com/accept?id=1", "https://x.example.com/tok?ticket=tok"]) {
      const outs = toOutputs(inputs, "user_1", { ...base, url });
      expect({ url: outs.url, urlTemplate: outs.urlTemplate }).toEqual({ url, urlTemplate: undefined });
      expect(signInUrl(outs)).toBe(url);
    }
  });
});

describe("isInRenewalWindow", () => {
  const expiresAt = "2026-01-01T01:00:00.000Z";
  const at = (iso: string) => Date.parse(iso);

  it("is false before the renewal window and true inside it", () => {
    expect(isInRenewalWindow({ expiresAt, renewBeforeSeconds: 600 }, at("2026-01-01T00:49:59.000Z"))).toBe(false);
    expect(isInRenewalWindow({ expiresAt, renewBeforeSeconds: 600 }, at("2026-01-01T00:50:00.000Z"))).toBe(true);
  });

  it("is true once expired, with no renewal window", () => {
    expect(isInRenewalWindow({ expiresAt }, at("2026-01-01T00:59:59.999Z"))).toBe(false);
    expect(isInRenewalWindow({ expiresAt }, at("2026-01-01T01:00:00.000Z"))).toBe(true);
  });

  it("never reports a ticket without a readable expiry as fine", () => {
    expect(isInRenewalWindow({}, 0)).toBe(true);
    expect(isInRenewalWindow({ expiresAt: "garbage" }, 0)).toBe(true);
  });
});
