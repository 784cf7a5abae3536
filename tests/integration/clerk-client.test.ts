import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { ClerkClient } from "../../provider/clerk/client";
import type { ClerkSettings } from "../../provider/clerk/settings";
import { createSignInToken, revokeSignInToken } from "../../provider/clerk/sign-in-tokens";
import { testSecretKey } from "../support/env";
import { failure } from "../support/failure";

/* The request layer over real HTTP: the emulator, and a misbehaving server for the contract checks. */

const KEY = testSecretKey();
let emulator: ClerkEmulator;

beforeAll(async () => {
  emulator = await startClerkEmulator({ secretKey: KEY, users: ["user_alice"], seed: 7 });
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.resetRequests();
  emulator.setFaults([]);
});

/** Retry notices of the clients made by `client()` (the provider prints them to the CLI output). */
let notices: string[] = [];
beforeEach(() => (notices = []));

function client(overrides: Partial<ClerkSettings> = {}): ClerkClient {
  return new ClerkClient(
    {
      secretKey: KEY,
      apiUrl: emulator.url,
      requestTimeoutMs: 2_000,
      deadlineMs: 20_000,
      maxAttempts: 5,
      requestsPer10Seconds: 1_000,
      ...overrides,
    },
    // No jitter: quick, repeatable back-off.
    { random: () => 0, notice: (message) => void notices.push(message), settingAdvice: "ADVICE", userAgent: "clerk-client-test/1.0" },
  );
}

describe("ClerkClient", () => {
  it("sends the bearer key, the API version, a User-Agent and a snake_case body", async () => {
    const seen: Record<string, unknown> = {};
    const server = await listen((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        Object.assign(seen, { headers: req.headers, body: JSON.parse(body), url: req.url, method: req.method });
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({
            object: "sign_in_token",
            id: "sit_1",
            status: "pending",
            user_id: "user_alice",
            token: "t",
            url: "u",
            created_at: 1,
            updated_at: 1,
          }),
        );
      });
    });
    try {
      await createSignInToken(client({ apiUrl: server.url }), { userId: "user_alice", expiresInSeconds: 60, orgId: "org_1" });
      expect(seen).toMatchObject({
        method: "POST",
        url: "/v1/sign_in_tokens",
        body: { user_id: "user_alice", expires_in_seconds: 60, org_id: "org_1" },
        headers: {
          authorization: `Bearer ${KEY}`,
          "clerk-api-version": "2026-05-12",
          "content-type": "application/json",
        },
      });
      expect((seen.headers as Record<string, string>)["user-agent"]).toMatch(/^clerk-client-test\/1\.0 \(node v\d+/);
    } finally {
      await server.close();
    }
  });

  it("retries 503s and then succeeds", async () => {
    emulator.setFaults([{ route: "create", sequence: [503, 502, "ok"] }]);
    const created = await createSignInToken(client(), { userId: "user_alice", expiresInSeconds: 60 });
    expect(emulator.token(created.id)?.status).toBe("pending");
    expect(emulator.requests().map((r) => r.status)).toEqual([503, 502, 200]);
    expect(notices).toEqual([
      expect.stringMatching(
        /^Clerk API POST \/sign_in_tokens: HTTP 503 maintenance_mode \[clerk_trace_id: \S+\]; retrying in 0\.3 s \(attempt 2 of 5\)$/,
      ),
      expect.stringMatching(/^Clerk API POST \/sign_in_tokens: HTTP 502 \[clerk_trace_id: \S+\]; retrying in 0\.4 s \(attempt 3 of 5\)$/),
    ]);
  });

  it("after the last attempt, names the attempts, the status, Clerk's code and the trace id", async () => {
    emulator.setFaults([{ route: "create", sequence: [500, 500, 500] }]);
    const err = await failure(createSignInToken(client({ maxAttempts: 3 }), { userId: "user_alice", expiresInSeconds: 60 }));
    expect(err.code).toBe("CLERK_API_ERROR");
    expect(err.message).toMatch(/failed after 3 attempts with HTTP 500 \(internal_clerk_error: .*\) \[clerk_trace_id: \S+\]/);
    expect(err.message).toMatch(/run the command again later/);
  });

  it("names the parameter Clerk refused (422), should a request get past the input checks", async () => {
    const err = await failure(createSignInToken(client(), { userId: "user_alice", expiresInSeconds: 0 }));
    expect(err.status).toBe(422);
    expect(err.message).toMatch(
      /HTTP 422 \(form_param_value_invalid: .*\) \[clerk_trace_id: \S+\]\. Clerk refused expires_in_seconds; check the resource's inputs/,
    );
  });

  it("does not retry a client error", async () => {
    const err = await failure(createSignInToken(client(), { userId: "user_nobody", expiresInSeconds: 60 }));
    expect(err.status).toBe(404);
    expect(emulator.requests()).toHaveLength(1);
  });

  it("waits what Retry-After says on 429", async () => {
    emulator.setFaults([{ route: "revoke", sequence: [429, "ok"] }]);
    const created = await createSignInToken(client(), { userId: "user_alice", expiresInSeconds: 60 });
    const started = Date.now();
    await revokeSignInToken(client(), created.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000); // the emulator says Retry-After: 1
    expect(emulator.token(created.id)?.status).toBe("revoked");
  });

  it("on 429, holds every request of the process for the key, not only the one retried", async () => {
    const created = await createSignInToken(client(), { userId: "user_alice", expiresInSeconds: 60 });
    emulator.setFaults([{ route: "revoke", sequence: [429, "ok"] }]);
    emulator.resetRequests();
    const revoking = revokeSignInToken(client(), created.id);
    // Sent while the revoke waits out its Retry-After (1 s): it must wait too.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await createSignInToken(client(), { userId: "user_alice", expiresInSeconds: 60 });
    await revoking;
    const [limited, ...rest] = emulator.requests();
    expect(limited.status).toBe(429);
    for (const r of rest) expect(r.at - limited.at).toBeGreaterThanOrEqual(1_000);
  });

  it("fails at once on a TLS certificate it cannot trust, saying so", async () => {
    const server = await listenTls();
    try {
      const err = await failure(revokeSignInToken(client({ apiUrl: server.url }), "sit_1"));
      expect(err.code).toBe("CLERK_REQUEST_FAILED");
      expect(err.attempts).toBe(1);
      expect(err.message).toMatch(/The TLS certificate of 127\.0\.0\.1:\d+ was refused, so nothing was retried/);
      expect(err.message).toMatch(/NODE_EXTRA_CA_CERTS/);
      expect(notices).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("a base URL without /v1: the 404 points at the API URL, not at the user", async () => {
    const err = await failure(
      createSignInToken(client({ apiUrl: emulator.url.replace(/\/v1$/, "") }), { userId: "user_alice", expiresInSeconds: 60 }),
    );
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/apiUrl does not end in \/v1: .*\. ADVICE$/);
    expect(err.message).not.toMatch(/Check that the user/);
  });

  it("a 404 that is not Clerk's points at the API URL", async () => {
    const server = await listen((_req, res) => {
      res.statusCode = 404;
      res.end("<html>no such page</html>");
    });
    try {
      const err = await failure(revokeSignInToken(client({ apiUrl: server.url }), "sit_1"));
      expect(err.message).toMatch(/HTTP 404 \(no error body\).*The answer is not Clerk.s: check apiUrl, .*\. ADVICE$/);
    } finally {
      await server.close();
    }
  });

  it("times out an attempt that gets no answer, and says so", async () => {
    const created = await createSignInToken(client(), { userId: "user_alice", expiresInSeconds: 60 });
    emulator.setFaults([{ route: "revoke", sequence: ["slow"], slowMs: 5_000 }]);
    const err = await failure(revokeSignInToken(client({ requestTimeoutMs: 200, maxAttempts: 1 }), created.id));
    expect(err.code).toBe("CLERK_REQUEST_FAILED");
    expect(err.message).toMatch(/got no answer \(timeout: no answer within 200 ms\)/);
  });

  describe("a create that times out (Clerk may still be minting the ticket)", () => {
    it("is kept waiting while it is retried; the late duplicate is revoked, so no ticket is orphaned", async () => {
      const before = new Set(emulator.tokens().map((t) => t.id));
      emulator.setFaults([{ route: "create", sequence: ["slow", "ok"], slowMs: 1_500 }]);
      const created = await createSignInToken(client({ requestTimeoutMs: 300 }), { userId: "user_alice", expiresInSeconds: 60 });
      // Ids and statuses only: a failure message must not print tickets.
      const minted = emulator
        .tokens()
        .filter((t) => !before.has(t.id))
        .map((t) => ({ id: t.id, status: t.status }));
      expect(minted).toHaveLength(2);
      expect(minted.filter((t) => t.status === "pending").map((t) => t.id)).toEqual([created.id]);
      expect(minted.find((t) => t.id !== created.id)?.status).toBe("revoked");
      expect(notices).toEqual([
        "Clerk API POST /sign_in_tokens: no answer (timeout); retrying in 0.3 s (attempt 2 of 5), still listening for the earlier attempt's answer",
        "Clerk API POST /sign_in_tokens: a timed-out attempt answered late with a duplicate; undoing it",
      ]);
    });

    it("is adopted when its late answer is the only success", async () => {
      const before = emulator.tokens().length;
      emulator.setFaults([{ route: "create", sequence: ["slow", 503], slowMs: 800 }]);
      const created = await createSignInToken(client({ requestTimeoutMs: 300, maxAttempts: 2 }), {
        userId: "user_alice",
        expiresInSeconds: 60,
      });
      expect(emulator.tokens().length).toBe(before + 1);
      expect(emulator.token(created.id)?.status).toBe("pending");
    });

    it("fails at the deadline, saying so; the ticket Clerk minted meanwhile is the orphan the README counts", async () => {
      const before = emulator.tokens().length;
      emulator.setFaults([{ route: "create", sequence: ["slow"], slowMs: 3_000 }]);
      const err = await failure(
        createSignInToken(client({ requestTimeoutMs: 2_000, deadlineMs: 1_000, maxAttempts: 1 }), {
          userId: "user_alice",
          expiresInSeconds: 60,
        }),
      );
      expect(err.code).toBe("CLERK_REQUEST_FAILED");
      expect(err.message).toMatch(/got no answer \(deadline: /);
      expect(err.reason).toBe("deadline");
      expect(emulator.tokens().length).toBe(before + 1);
    });
  });

  it("retries after a connection reset", async () => {
    emulator.setFaults([{ route: "revoke", sequence: ["reset-before", "ok"] }]);
    const created = await createSignInToken(client(), { userId: "user_alice", expiresInSeconds: 60 });
    await revokeSignInToken(client(), created.id);
    expect(emulator.token(created.id)?.status).toBe("revoked");
  });

  describe("a body that breaks the contract is a clear error, never a crash", () => {
    it.each([
      ["not JSON", "<html>oops</html>", /the body is not JSON/],
      [
        "a wrong type",
        JSON.stringify({ object: "sign_in_token", id: "sit_1", status: "pending", user_id: "u", created_at: "yesterday", updated_at: 1 }),
        /created_at: /,
      ],
      [
        "a missing field",
        JSON.stringify({ object: "sign_in_token", status: "pending", user_id: "u", created_at: 1, updated_at: 1 }),
        /id: /,
      ],
      [
        "an unknown status",
        JSON.stringify({ object: "sign_in_token", id: "sit_1", status: "weird", user_id: "u", created_at: 1, updated_at: 1 }),
        /status: /,
      ],
    ])("%s", async (_label, body, issue) => {
      const server = await listen((_req, res) => {
        res.setHeader("content-type", "application/json");
        res.setHeader("x-clerk-trace-id", "trace-123");
        res.end(body);
      });
      try {
        const err = await failure(revokeSignInToken(client({ apiUrl: server.url }), "sit_1"));
        expect(err.code).toBe("CLERK_RESPONSE_INVALID");
        expect(err.message).toMatch(
          /POST \/sign_in_tokens\/sit_1\/revoke answered HTTP 200 with a body that breaks the Clerk API contract/,
        );
        expect(err.message).toMatch(issue);
        expect(err.message).toContain("[clerk_trace_id: trace-123]");
      } finally {
        await server.close();
      }
    });

    it("an error status with an HTML body still names the status", async () => {
      const server = await listen((_req, res) => {
        res.statusCode = 418;
        res.end("<html>teapot</html>");
      });
      try {
        const err = await failure(revokeSignInToken(client({ apiUrl: server.url }), "sit_1"));
        expect(err.message).toMatch(/failed with HTTP 418 \(no error body\)/);
      } finally {
        await server.close();
      }
    });
  });
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTTPS server with a self-signed certificate made now (by openssl), which Node must refuse. */
async function listenTls(): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "clerk-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const server = createTlsServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_req, res) =>
      res.end("{}"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `https://127.0.0.1:${port}/v1`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
