import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import * as ts from "typescript";
import { request } from "undici";

/**
 * Runs the CLI as the compiled dist/emulator/cli/main.js would run: plain Node on
 * JavaScript. The sources main.ts reaches (some outside emulator/) are
 * transpiled into a temporary folder first, in the same layout (transpile
 * only, no type check: `tsc` covers that), so this test does not depend on a
 * prior build or on the rest of the project compiling.
 */
let outDir: string;
let cliPath: string;

beforeAll(() => {
  outDir = mkdtempSync(path.join(tmpdir(), "clerk-emulator-cli-"));
  const repoRoot = path.resolve(__dirname, "../..");
  const done = new Set<string>();
  const transpile = (file: string): void => {
    if (done.has(file)) return;
    done.add(file);
    const source = readFileSync(file, "utf8");
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = path.join(outDir, path.relative(repoRoot, file)).replace(/\.ts$/, ".js");
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
    for (const { fileName } of ts.preProcessFile(source).importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const base = path.resolve(path.dirname(file), fileName);
      transpile(existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, "index.ts"));
    }
  };
  transpile(path.join(__dirname, "main.ts"));
  cliPath = path.join(outDir, "emulator", "cli", "main.js");
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcessWithoutNullStreams;
  firstLine: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startCli(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdin, child.stdout, child.stderr]) stream.on("error", reject);
    child.on("error", reject);
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (firstLine) => resolve({ child, firstLine, stderr: () => stderr, exit }));
    void exit.then((code) => reject(new Error(`CLI exited with ${String(code)} before printing: ${stderr}`)));
  });
}

/** Polls a condition of a child process's output; jest's timeout bounds the wait. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("cli", () => {
  it("prints one JSON line with the url and a key hint, serves, and exits 0 on SIGTERM", async () => {
    // Made at run time like every test key; the last four characters are fixed to check the hint.
    const key = `sk_test_${randomBytes(12).toString("hex")}WXYZ`;
    const started = await startCli(["--secret-key", key, "--user", "user_def:alice@example.com", "--rate-limit", "5/10"]);
    try {
      const announced = JSON.parse(started.firstLine) as { url: string; secretKeyHint: string };
      expect(announced).toEqual({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
        signInPage: announced.url.replace(/\/v1$/, "/sign-in"),
        secretKeyHint: "sk_test_…WXYZ",
      });
      expect(started.firstLine).not.toContain(key);

      const response = await request(`${announced.url}/users?email_address=alice@example.com`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.statusCode).toBe(200);
      expect(((await response.body.json()) as Array<{ id: string }>).map((u) => u.id)).toEqual(["user_def"]);
    } finally {
      started.child.kill("SIGTERM");
    }
    expect(await started.exit).toBe(0);
  });

  it("uses CLERK_SECRET_KEY, and stops on SIGINT", async () => {
    const envKey = `sk_live_${randomBytes(12).toString("hex")}ent1`;
    const started = await startCli(["--fault-sequence", "create:503"], { CLERK_SECRET_KEY: envKey });
    try {
      const announced = JSON.parse(started.firstLine) as { url: string; secretKeyHint: string };
      expect(announced.secretKeyHint).toBe("sk_live_…ent1");
      expect(announced).not.toHaveProperty("secretKey");
      expect(`${started.firstLine}${started.stderr()}`).not.toContain(envKey);
      const response = await request(`${announced.url}/sign_in_tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${envKey}`, "content-type": "application/json" },
        body: JSON.stringify({ user_id: "nobody" }),
      });
      await response.body.dump();
      expect(response.statusCode).toBe(503);
    } finally {
      started.child.kill("SIGINT");
    }
    expect(await started.exit).toBe(0);
  });

  it("generates a key when none is given and prints it once, in the JSON line, since it is needed to connect", async () => {
    const started = await startCli([]);
    try {
      const announced = JSON.parse(started.firstLine) as { url: string; secretKey: string; secretKeyHint: string };
      expect(announced).toEqual({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
        signInPage: expect.stringMatching(/\/sign-in$/),
        secretKey: expect.stringMatching(/^sk_test_[0-9A-Za-z]{40}$/),
        secretKeyHint: `sk_test_…${announced.secretKey.slice(-4)}`,
      });
      const answer = await request(`${announced.url}/users`, { headers: { authorization: `Bearer ${announced.secretKey}` } });
      await answer.body.dump();
      expect(answer.statusCode).toBe(200);
      // stderr says a key was made, for a person reading the terminal, but does not repeat it.
      await waitFor(() => started.stderr().includes("generated a key"));
      expect(started.stderr()).not.toContain(announced.secretKey);
    } finally {
      started.child.kill("SIGTERM");
    }
    expect(await started.exit).toBe(0);
  });

  it("serves the control surface with --control-port and announces it as controlUrl", async () => {
    const key = `sk_test_${randomBytes(12).toString("hex")}`;
    const started = await startCli(["--secret-key", key, "--user", "user_ctl", "--control-port", "0"]);
    try {
      const announced = JSON.parse(started.firstLine) as { url: string; controlUrl: string };
      expect(announced.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(announced.controlUrl).not.toBe(announced.url.replace(/\/v1$/, ""));
      const outage = await request(`${announced.controlUrl}/outage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ seconds: 600 }),
      });
      await outage.body.dump();
      expect(outage.statusCode).toBe(200);
      const users = await request(`${announced.url}/users`, { headers: { authorization: `Bearer ${key}` } });
      await users.body.dump();
      expect(users.statusCode).toBe(503);
      const counts = await request(`${announced.controlUrl}/requests/counts`);
      expect(await counts.body.json()).toEqual({ total: 1, byRoute: { users: 1 }, unmatched: 0, byStatus: { "503": 1 } });
    } finally {
      started.child.kill("SIGTERM");
    }
    expect(await started.exit).toBe(0);
  });

  it("exits 2 with a clear message on a bad flag", async () => {
    const child = spawn(process.execPath, [cliPath, "--fault", "create:0.5:418"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      for (const stream of [child.stdout, child.stderr]) stream.on("error", reject);
      child.on("error", reject);
      child.on("close", resolve);
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown fault kind 418/);
    expect(stdout).toBe("");
  });
});
