import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticationInvalid, internalClerkError, malformedRequest, methodNotAllowed, resourceNotFound } from "../clerk/errors";
import type { OutageWindow } from "../faults/outage";
import type { FaultPlanner } from "../faults/planner";
import { faultReply } from "../faults/replies";
import type { EmulatedInstance } from "../routes/context";
import { resolveRoute } from "../routes/table";
import { traceId } from "../store/ids";
import { bearerKey, readBody, writeReply } from "./http-io";
import { type RateLimiter, rateLimitedReply } from "./rate-limiter";
import { errorReply, type Reply, renderReply, replyStatus } from "./reply";
import type { RequestLog } from "./request-log";

export interface PipelineDeps {
  instance: EmulatedInstance;
  secretKey: string;
  limiter: RateLimiter;
  faults: FaultPlanner;
  outage: OutageWindow;
  log: RequestLog;
  /** Answers held back by "slow" faults; stop() cancels them. */
  slowTimers: Set<NodeJS.Timeout>;
}

/**
 * One request, in Clerk's order: authentication, rate limit, routing, then
 * (emulator only) faults, then the route itself; an outage (emulator only)
 * stands in front of all of it. Every request ends up in the request log with
 * its route and its status, or "reset" when no answer was sent.
 */
export async function handleRequest(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { now } = deps.instance;
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const resolution = resolveRoute(method, url.pathname);
  const settle = deps.log.begin(method, url.pathname, resolution.name, now());
  const clerkTraceId = traceId();

  const send = (reply: Reply): void => {
    settle(replyStatus(reply));
    writeReply(res, renderReply(reply, clerkTraceId));
  };
  const reset = (): void => {
    settle("reset");
    req.socket.destroy();
  };

  try {
    // An outage is Clerk's API not serving at all (maintenance, or a proxy that cannot reach
    // it), so it answers before the key is checked and takes no place in the limit. Clerk
    // documents the 503 but not where it sits in front of the API: the order is our choice.
    const outage = resolution.rateLimited ? deps.outage.current(now()) : undefined;
    if (outage?.kind === "reset") return reset();
    if (outage !== undefined) return send(faultReply(outage.kind));

    if (resolution.secretKey && bearerKey(req.headers.authorization) !== deps.secretKey) {
      return send(errorReply(authenticationInvalid()));
    }
    if (resolution.rateLimited) {
      const admission = deps.limiter.admit(now());
      if (!admission.allowed) return send(rateLimitedReply(admission.retryAfterSeconds));
    }
    if (resolution.kind === "not_found") return send(errorReply(resourceNotFound()));
    if (resolution.kind === "method_not_allowed") {
      const allow = resolution.allowed.join(", ");
      return send(errorReply(methodNotAllowed(method, resolution.allowed), { allow }));
    }

    const { route, handle, params } = resolution;
    const fault = route.faults === "none" ? undefined : deps.faults.plan(route.name);
    if (fault?.kind === "reset-before") return reset();
    if (typeof fault?.kind === "number") return send(faultReply(fault.kind));

    const body = await readBody(req);
    if (!body.ok) return body.reason === "aborted" ? reset() : send(errorReply(malformedRequest()));
    const reply = handle({ ...deps.instance, params, query: url.searchParams, body: body.text, cookies: req.headers.cookie });

    // Both faults below act after the route ran: Clerk did the work, only the answer is lost or late.
    if (fault?.kind === "reset-after") return reset();
    if (fault?.kind === "slow") return sendLater(deps, res, reply, clerkTraceId, settle, fault.slowMs);
    return send(reply);
  } catch {
    if (res.headersSent) return reset();
    return send(errorReply(internalClerkError()));
  }
}

function sendLater(
  deps: PipelineDeps,
  res: ServerResponse,
  reply: Reply,
  clerkTraceId: string,
  settle: (status: number) => void,
  delayMs: number,
): void {
  settle(replyStatus(reply));
  const rendered = renderReply(reply, clerkTraceId);
  const timer = setTimeout(() => {
    deps.slowTimers.delete(timer);
    writeReply(res, rendered);
  }, delayMs);
  deps.slowTimers.add(timer);
  // A client that gave up closes the socket; nothing is left to answer.
  res.on("close", () => {
    clearTimeout(timer);
    deps.slowTimers.delete(timer);
  });
}
