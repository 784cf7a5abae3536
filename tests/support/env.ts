import { randomBytes } from "node:crypto";

/** A fresh development-instance key, made at run time so no key is ever committed. */
export function testSecretKey(kind: "test" | "live" = "test"): string {
  return `sk_${kind}_${randomBytes(18).toString("base64url")}`;
}

/** Sets (or, with undefined, removes) environment variables; returns the undo. */
export function withEnv(vars: Record<string, string | undefined>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(vars)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
