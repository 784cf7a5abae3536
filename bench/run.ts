/**
 * `npm run bench`: what client-side pacing buys under Clerk's rate limit.
 *
 * Mints N tickets through the provider's request layer against the emulator, with the
 * engine's kind of concurrency, in three set-ups measured in the same run:
 *   baseline   no rate limit at all
 *   paced      Clerk's limit (100 / 10 s), our default pacing (90 / 10 s)
 *   unpaced    Clerk's limit, pacing off: only 429 + Retry-After keep us going
 * and prints each one's time as a ratio to the baseline and to the limit's own minimum.
 * No thresholds: it reports, it does not judge.
 */
import { randomBytes } from "node:crypto";
import { startClerkEmulator } from "../emulator";
import { ClerkClient } from "../provider/clerk/client";
import { createSignInToken } from "../provider/clerk/sign-in-tokens";

const TICKETS = Number(process.env.BENCH_TICKETS ?? 150);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8); // the engine's default on 2 cores
const LIMIT = { requests: 100, windowSeconds: 10 };

interface Result {
  name: string;
  seconds: number;
  rateLimited: number;
  failed: number;
}

async function scenario(name: string, rateLimit: typeof LIMIT | false, requestsPer10Seconds: number): Promise<Result> {
  const secretKey = `sk_test_${randomBytes(18).toString("base64url")}`;
  const emulator = await startClerkEmulator({ secretKey, users: ["user_bench"], rateLimit });
  // A fresh key per scenario: pacers are shared per key within a process.
  const client = new ClerkClient({
    secretKey,
    apiUrl: emulator.url,
    requestTimeoutMs: 10_000,
    deadlineMs: 300_000,
    maxAttempts: 50,
    requestsPer10Seconds,
  });
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TICKETS) {
        next++;
        await createSignInToken(client, { userId: "user_bench", expiresInSeconds: 600 }).catch(() => failed++);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rateLimited = emulator.requests().filter((r) => r.status === 429).length;
  await emulator.stop();
  return { name, seconds, rateLimited, failed };
}

async function main(): Promise<void> {
  console.log(`${TICKETS} creates, ${CONCURRENCY} at a time, emulator on 127.0.0.1\n`);
  const baseline = await scenario("baseline (no limit)", false, 1_000_000);
  const paced = await scenario("paced (limit 100/10 s, pacing 90/10 s)", LIMIT, 90);
  const unpaced = await scenario("unpaced (limit 100/10 s, 429 retries only)", LIMIT, 1_000_000);
  const minimum = Math.max(0, Math.ceil(TICKETS / LIMIT.requests) - 1) * LIMIT.windowSeconds;
  console.log("scenario                                        seconds   × baseline   × limit minimum   429s   failed");
  for (const r of [baseline, paced, unpaced]) {
    const vsMin = r === baseline || minimum === 0 ? "-" : (r.seconds / minimum).toFixed(2);
    console.log(
      `${r.name.padEnd(46)} ${r.seconds.toFixed(2).padStart(8)}   ${(r.seconds / baseline.seconds).toFixed(1).padStart(10)}   ${vsMin.padStart(15)}   ${String(r.rateLimited).padStart(4)}   ${String(r.failed).padStart(6)}`,
    );
  }
  console.log(`\nlimit minimum: ${minimum} s (${TICKETS} requests at ${LIMIT.requests} per ${LIMIT.windowSeconds} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
