import { ROUTES } from "../routes/catalogue";
import type { EmulatorRequest, EmulatorRoute, RequestCounts, RequestFilter } from "../types";
import type { ControlContext } from "./context";
import { invalid, onlyKnown } from "./http";

/** GET /requests[?route=…&status=…&method=…]: the request log, in arrival order. */
export function listRequests(ctx: ControlContext): { requests: EmulatorRequest[] } {
  return { requests: ctx.target.requests(requestFilter(ctx.query)) };
}

/** GET /requests/counts: the log counted by route and by status. */
export function countRequests(ctx: ControlContext): RequestCounts {
  onlyKnown(ctx.query.keys(), [], "query parameter");
  return ctx.target.requestCounts();
}

/** DELETE /requests: empties the log, as between two steps of a test. */
export function clearRequests(ctx: ControlContext): { cleared: number } {
  onlyKnown(ctx.query.keys(), [], "query parameter");
  const cleared = ctx.target.requestCount();
  ctx.target.resetRequests();
  return { cleared };
}

function requestFilter(query: URLSearchParams): RequestFilter {
  onlyKnown(query.keys(), ["route", "status", "method"], "query parameter");
  const filter: RequestFilter = {};
  const route = query.get("route");
  if (route !== null) filter.route = routeName(route);
  const status = query.get("status");
  if (status !== null) {
    if (status !== "reset" && !/^[1-5]\d\d$/.test(status))
      throw invalid(`status must be an HTTP status or "reset", got ${JSON.stringify(status)}`);
    filter.status = status === "reset" ? "reset" : Number(status);
  }
  const method = query.get("method");
  if (method !== null) filter.method = method;
  return filter;
}

function routeName(value: string): EmulatorRoute {
  const known = ROUTES.find((route) => route.name === value);
  if (known === undefined) throw invalid(`route must be one of ${ROUTES.map((r) => r.name).join(", ")}, got ${JSON.stringify(value)}`);
  return known.name;
}
