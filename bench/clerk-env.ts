import { randomBytes } from "node:crypto";
import type { ClerkEmulator } from "../emulator";

/** A fresh random key for the emulator, made at run time (never stored anywhere). */
export function randomSecretKey(instance: "production" | "development"): string {
  return `sk_${instance === "production" ? "live" : "test"}_${randomBytes(24).toString("base64url")}`;
}

/** What a `pulumi` command needs in its environment to reach the emulator (the provider inherits it). */
export function clerkEnv(emulator: ClerkEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return { CLERK_SECRET_KEY: emulator.secretKey, CLERK_API_URL: emulator.url, ...extra };
}

export const BENCH_USER = "user_bench";
