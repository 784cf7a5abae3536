import { request } from "undici";
import type { ClerkEmulator } from "../../emulator";
import type { ApiAnswer } from "./call-api";

export interface ControlCallOptions {
  /** Serialized as JSON, with content-type application/json. */
  body?: unknown;
  /** Sent as is, with the content type of `headers` (default none). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * A raw HTTP call to an emulator's control surface (started with `controlPort`), as a
 * user's pipeline test makes it: no interpretation, the answer as sent.
 */
export async function callControl(
  emulator: ClerkEmulator,
  method: string,
  path: string,
  options: ControlCallOptions = {},
): Promise<ApiAnswer> {
  if (emulator.controlUrl === undefined) throw new Error("the emulator was started without controlPort");
  const headers: Record<string, string> = {};
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  Object.assign(headers, options.headers);
  const response = await request(`${emulator.controlUrl}${path}`, { method: method as "GET", headers, body });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}
