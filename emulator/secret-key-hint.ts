import { SECRET_KEY_PATTERN } from "../provider/clerk/secret-key";

/**
 * Enough of a secret key to tell keys apart in logs: its type prefix and
 * last 4 characters, the latter only when they are a small part of the
 * secret (a short test key would otherwise be half disclosed).
 */
export function secretKeyHint(secretKey: string): string {
  const kind = SECRET_KEY_PATTERN.exec(secretKey)?.[1];
  const prefix = kind === undefined ? "" : `sk_${kind}_`;
  const secret = secretKey.slice(prefix.length);
  return `${prefix}…${secret.length >= 12 ? secret.slice(-4) : ""}`;
}
