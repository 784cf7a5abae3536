import { splitSecretKey } from "../clerk/facts";

/**
 * Enough of a secret key to tell keys apart in logs: its type prefix and
 * last 4 characters, the latter only when they are a small part of the
 * secret (a short test key would otherwise be half disclosed).
 */
export function secretKeyHint(secretKey: string): string {
  const { prefix, secret } = splitSecretKey(secretKey) ?? { prefix: "", secret: secretKey };
  return `${prefix}…${secret.length >= 12 ? secret.slice(-4) : ""}`;
}
