import type { IncomingMessage } from "node:http";
import { readBody } from "../http/http-io";

/*
 * How the control surface speaks HTTP: JSON in, JSON out, errors as
 * {"error": {"code", "message"}} (its own shape: this is not Clerk speaking, so not
 * ClerkErrors), and only to callers on this machine that mean it.
 */

/** An answer other than 200, thrown by a handler or by the checks here. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(error: ControlError): { error: { code: string; message: string } } {
  return { error: { code: error.code, message: error.message } };
}

/**
 * Loopback alone does not keep a web page out: a page the developer's browser loads from
 * elsewhere can reach 127.0.0.1 through a DNS name that resolves to it (DNS rebinding).
 * Such a request names that other host in its Host header, so only 127.0.0.1 and
 * localhost, on this port, are answered.
 */
export function checkHost(req: IncomingMessage, port: number): void {
  const host = (req.headers.host ?? "").toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    throw new ControlError(403, "forbidden_host", `the control surface answers Host 127.0.0.1:${port} or localhost:${port} only`);
  }
}

/**
 * The body as a JSON object. A JSON content type is required: a cross-site form or a
 * "simple" fetch from a web page cannot send one without asking first (CORS preflight),
 * which the control surface never grants.
 */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw new ControlError(415, "unsupported_media_type", "send the body as application/json");
  const body = await readBody(req);
  if (!body.ok) {
    throw body.reason === "too_large"
      ? new ControlError(413, "body_too_large", "the body is larger than 1 MiB")
      : new ControlError(400, "body_aborted", "the body did not arrive whole");
  }
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    throw new ControlError(400, "invalid_json", "the body is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ControlError(400, "invalid_body", "the body must be a JSON object");
  return value as Record<string, unknown>;
}

/** Refuses a field or query parameter outside `allowed`, so that a misspelt one fails instead of being ignored. */
export function onlyKnown(names: Iterable<string>, allowed: readonly string[], what: string): void {
  for (const name of names) {
    if (!allowed.includes(name)) {
      const known = allowed.length === 0 ? "none" : allowed.join(", ");
      throw new ControlError(400, "unknown_parameter", `unknown ${what} ${JSON.stringify(name)} (known: ${known})`);
    }
  }
}

export function invalid(message: string): ControlError {
  return new ControlError(400, "invalid_parameter", message);
}
