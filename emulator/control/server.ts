import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { writeReply } from "../http/http-io";
import type { ControlTarget } from "./context";
import { ControlError, checkHost, errorBody, readJsonObject } from "./http";
import { CONTROL_ROUTES } from "./routes";

export interface ControlServer {
  /** e.g. http://127.0.0.1:41235 */
  url: string;
  close(): Promise<void>;
}

/**
 * The control surface: a second HTTP server, on its own port of 127.0.0.1, so that nothing
 * of it can be mistaken for Clerk's API or reached by the code under test through the API's
 * address. Its requests are not in the emulator's request log, which is Clerk's traffic.
 */
export async function startControlServer(target: ControlTarget, now: () => number, port: number): Promise<ControlServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid control port: ${String(port)}`);
  let boundPort = 0;
  const server = createServer((req, res) => void handle(target, now, boundPort, req, res));
  boundPort = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

async function handle(target: ControlTarget, now: () => number, port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    checkHost(req, port);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const onPath = CONTROL_ROUTES.filter((route) => route.pattern.test(url.pathname));
    if (onPath.length === 0) throw new ControlError(404, "not_found", `no control route ${url.pathname} (GET / lists them)`);
    const route = onPath.find((candidate) => candidate.method === req.method);
    if (route === undefined) {
      const allow = onPath.map((candidate) => candidate.method).join(", ");
      throw new ControlError(405, "method_not_allowed", `${req.method} is not allowed on ${url.pathname}; allowed: ${allow}`, { allow });
    }
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(route.pattern.exec(url.pathname)?.groups ?? {})) params[name] = safeDecode(value);
    const body = await route.handle({ target, now, params, query: url.searchParams, body: () => readJsonObject(req) });
    send(res, 200, body);
  } catch (error) {
    if (error instanceof ControlError) return send(res, error.status, errorBody(error), error.headers);
    send(res, 500, { error: { code: "internal_error", message: error instanceof Error ? error.message : String(error) } });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  writeReply(res, {
    status,
    headers: { ...headers, "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify(body),
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
