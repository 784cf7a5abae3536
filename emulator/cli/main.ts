#!/usr/bin/env node
import { startClerkEmulator } from "../http/server";
import { randomBase62 } from "../store/ids";
import type { ClerkEmulator } from "../types";
import { announcement } from "./announcement";
import { parseCliArgs, USAGE } from "./args";

/**
 * Command line entry: starts an emulator, prints exactly one JSON line on stdout
 * (announcement.ts says what it holds) so a parent process can read where to connect,
 * then serves until SIGINT or SIGTERM.
 */
async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2), process.env);
  if (parsed.kind === "help") {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`clerk-emulator: ${parsed.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  const { options } = parsed;
  const generated = options.secretKey === undefined;
  const secretKey = options.secretKey ?? `sk_test_${randomBase62(40)}`;

  let emulator: ClerkEmulator;
  try {
    emulator = await startClerkEmulator({
      secretKey,
      users: options.users,
      port: options.port,
      ...(options.controlPort === undefined ? {} : { controlPort: options.controlPort }),
      faults: options.faults,
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
  } catch (error) {
    process.stderr.write(`clerk-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    // Invalid fault rules are configuration errors like bad flags; a busy port is not.
    process.exitCode = error instanceof Error && "code" in error ? 1 : 2;
    return;
  }

  const shutdown = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  // Before announcing: a parent may signal as soon as it reads the line.
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  process.stdout.write(`${JSON.stringify(announcement(emulator, { generated }))}\n`);
  if (generated) {
    process.stderr.write("clerk-emulator: no --secret-key or CLERK_SECRET_KEY: generated a key for this run only (secretKey above)\n");
  }
}

if (require.main === module) void main();
