import { request } from "undici";
import type { ClerkEmulator } from "../../emulator";

export interface ApiAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json(): unknown;
}

export interface CallOptions {
  /** Serialized as JSON. */
  body?: unknown;
  /** Sent as is, for bodies that must not be valid JSON. */
  rawBody?: string;
  /** The bearer key; default the emulator's own, null for no Authorization header. */
  key?: string | null;
  /** Extra headers, applied last (so they can replace Authorization). */
  headers?: Record<string, string>;
  /** Milliseconds to wait for response headers; for "slow" faults. */
  headersTimeout?: number;
}

/**
 * A raw HTTP call to an emulator, for the emulator's and the contract's
 * tests: no retries, no interpretation, the status, headers and body
 * exactly as sent. It lives under tests/ so that it stays out of the
 * published package (everything under emulator/ is compiled into dist/).
 * `path` is relative to the API base (e.g. "/sign_in_tokens") unless it
 * starts with "http".
 */
export async function callApi(emulator: ClerkEmulator, method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
  const key = options.key === undefined ? emulator.secretKey : options.key;
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json";

  Object.assign(headers, options.headers);

  const url = path.startsWith("http") ? path : `${emulator.url}${path}`;
  const response = await request(url, {
    method: method as "GET",
    headers,
    body,
    ...(options.headersTimeout === undefined ? {} : { headersTimeout: options.headersTimeout }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

/** A link followed as a browser follows it: a GET without any bearer key. */
export function followLink(emulator: ClerkEmulator, url: string): Promise<ApiAnswer> {
  return callApi(emulator, "GET", url, { key: null });
}

/**
 * The answer has `status` and a ClerkErrors body of exactly one error, which
 * matches `error`, under the trace id the x-clerk-trace-id header carries.
 */
export function expectClerkError(answer: ApiAnswer, status: number, error: Record<string, unknown>): void {
  expect({ status: answer.status, body: answer.json() }).toMatchObject({
    status,
    body: { errors: [error], clerk_trace_id: answer.headers["x-clerk-trace-id"] },
  });
}
