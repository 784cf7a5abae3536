import { randomBytes } from "node:crypto";

/** A fresh development-instance key, made at run time so no key is ever committed. */
export function testSecretKey(kind: "test" | "live" = "test"): string {
  return `sk_${kind}_${randomBytes(18).toString("base64url")}`;
}
