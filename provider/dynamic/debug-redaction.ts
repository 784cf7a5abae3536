/*
 * `pulumi up --debug` shows the program's debug lines, and @pulumi/pulumi writes one per
 * resource registration with the engine's whole answer in it:
 *   `RegisterResource RPC finished: resource:<name>[<type>]; err: null, resp: <urn>,<id>,…`
 * That answer carries the resource's outputs, secrets decrypted: a SignInToken's ticket and
 * link in plain text (runtime/resource.js; the SDK prints the protobuf message as is). The
 * outputs must reach the program in plain text (it builds `url` and `linkTo` links from the
 * ticket), so the ticket cannot travel in a form the line leaves out. What the package can
 * do is what it does here: the SDK's debug logger, as the program loads this package,
 * replaces every JWT-shaped value in a debug line with `[secret]` before the line leaves
 * the program. The line stays; only the values go.
 */

/** A JWT (header.payload.signature, base64url): sign-in tickets, and links that carry them. */
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
export const REDACTED = "[secret]";

export function redactTickets(text: string): string {
  return text.replace(JWT, REDACTED);
}

type Debug = (message: string, ...rest: unknown[]) => Promise<void>;

/** Wraps @pulumi/pulumi's `log.debug` once per process (every copy of this module shares the flag). */
export function redactTicketsFromDebugLines(): void {
  const store = globalThis as unknown as Record<symbol, boolean | undefined>;
  const installed = Symbol.for("pulumi-clerk-sign-in-tokens.debug-redaction");
  if (store[installed]) return;
  store[installed] = true;
  const log = require("@pulumi/pulumi/log") as { debug: Debug };
  const debug = log.debug;
  log.debug = (message, ...rest) => debug(typeof message === "string" ? redactTickets(message) : message, ...rest);
}
