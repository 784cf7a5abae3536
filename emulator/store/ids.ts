import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * Clerk ids are a type prefix plus 27 base62 characters (a KSUID's length).
 * Callers only rely on the prefix and the alphabet, so random characters are
 * as good as a real KSUID here; rejection sampling keeps them uniform.
 */
export function clerkId(prefix: "sit" | "ins" | "idn" | "sess" | "client"): string {
  return `${prefix}_${randomBase62(27)}`;
}

export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 is the largest multiple of 62 below 256; higher bytes would bias.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** Clerk's trace ids are 32 lowercase hex characters. */
export function traceId(): string {
  return randomBytes(16).toString("hex");
}
