import { callApi, expectClerkError } from "../../tests/support/call-api";
import { startClerkEmulator } from "../http/server";
import type { ClerkEmulator } from "../types";

interface UserBody {
  id: string;
  object: string;
  primary_email_address_id: string | null;
  email_addresses: Array<{ id: string; object: string; email_address: string; verification: { status: string } }>;
  created_at: number;
  updated_at: number;
}

describe("GET /v1/users", () => {
  let emulator: ClerkEmulator;
  let clock: number;

  beforeEach(async () => {
    clock = 1_760_000_000_000;
    emulator = await startClerkEmulator({
      secretKey: "sk_test_users",
      now: () => clock++,
      users: [
        { id: "user_alice", emailAddresses: ["alice@example.com", "Alice.Work@Example.com"] },
        { id: "user_bob", emailAddresses: ["bob@example.com"] },
        "user_nomail",
      ],
    });
  });
  afterEach(() => emulator.stop());

  const lookup = async (query: string): Promise<UserBody[]> => {
    const answer = await callApi(emulator, "GET", `/users${query}`);
    expect(answer.status).toBe(200);
    return answer.json() as UserBody[];
  };

  it("answers [] when no user has the address", async () => {
    expect(await lookup("?email_address=nobody@example.com")).toEqual([]);
  });

  it("finds one user by address, ignoring case", async () => {
    const users = await lookup("?email_address=ALICE.work@example.COM");
    expect(users.map((u) => u.id)).toEqual(["user_alice"]);
  });

  it("finds several users from a repeated parameter, newest first", async () => {
    const users = await lookup("?email_address=alice@example.com&email_address=bob@example.com");
    expect(users.map((u) => u.id)).toEqual(["user_bob", "user_alice"]);
  });

  it("accepts the bracketed array spelling", async () => {
    const users = await lookup("?email_address[]=bob@example.com&email_address%5B%5D=alice@example.com");
    expect(users.map((u) => u.id).sort()).toEqual(["user_alice", "user_bob"]);
  });

  it("returns a user once even when several of its addresses match", async () => {
    const users = await lookup("?email_address=alice@example.com&email_address=alice.work@example.com");
    expect(users.map((u) => u.id)).toEqual(["user_alice"]);
  });

  it("describes users as Clerk does: email objects with idn_ ids, admin-verified, ms timestamps", async () => {
    const [alice] = await lookup("?email_address=alice@example.com");
    expect(alice).toMatchObject({ id: "user_alice", object: "user" });
    expect(alice?.email_addresses.map((e) => e.email_address)).toEqual(["alice@example.com", "alice.work@example.com"]);
    for (const email of alice?.email_addresses ?? []) {
      expect(email).toMatchObject({ object: "email_address", id: expect.stringMatching(/^idn_[0-9A-Za-z]{27}$/) });
      expect(email.verification.status).toBe("verified");
    }
    expect(alice?.primary_email_address_id).toBe(alice?.email_addresses[0]?.id);
    expect(alice?.created_at).toBeGreaterThanOrEqual(1_760_000_000_000);
  });

  it("lists every user without a filter, 10 at most by default, and pages with limit/offset", async () => {
    for (let i = 0; i < 12; i += 1) emulator.addUser(`user_extra_${i}`);
    expect(await lookup("")).toHaveLength(10);
    expect(await lookup("?limit=500")).toHaveLength(15);
    const page = await lookup("?limit=2&offset=1");
    expect(page.map((u) => u.id)).toEqual(["user_extra_10", "user_extra_9"]);
  });

  it.each(["limit=0", "limit=501", "limit=ten", "offset=-1"])("answers 422 for %s", async (query) => {
    const answer = await callApi(emulator, "GET", `/users?${query}`);
    expectClerkError(answer, 422, { code: "form_param_value_invalid" });
  });

  it("addUser replaces an existing user's addresses but keeps its identity", async () => {
    const [before] = await lookup("?email_address=bob@example.com");
    emulator.addUser({ id: "user_bob", emailAddresses: ["bob@example.com", "robert@example.com"] });
    const [after] = await lookup("?email_address=robert@example.com");
    expect(after?.id).toBe("user_bob");
    expect(after?.created_at).toBe(before?.created_at);
    expect(after?.email_addresses[0]?.id).toBe(before?.email_addresses[0]?.id);
  });
});
