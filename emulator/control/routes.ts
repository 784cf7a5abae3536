import type { ControlContext } from "./context";
import { deleteFaults, getFaults, putFaults } from "./faults";
import { endOutage, getOutage, startOutage } from "./outage";
import { clearRequests, countRequests, listRequests } from "./requests";
import { getTicket, listSessions, listTickets } from "./tickets";

export interface ControlRoute {
  method: "GET" | "PUT" | "POST" | "DELETE";
  /** As the index lists it. */
  path: string;
  pattern: RegExp;
  /** What it answers with 200, as JSON. */
  handle: (ctx: ControlContext) => unknown;
}

/**
 * Every route of the control surface. Each is a face of the public API (ClerkEmulator) of
 * the same name, so a test can do over HTTP what a test in the process does by calling it.
 */
export const CONTROL_ROUTES: readonly ControlRoute[] = [
  { method: "GET", path: "/", pattern: /^\/$/, handle: index },
  { method: "GET", path: "/tickets", pattern: /^\/tickets$/, handle: listTickets },
  { method: "GET", path: "/tickets/{id}", pattern: /^\/tickets\/(?<id>[^/]+)$/, handle: getTicket },
  { method: "GET", path: "/sessions", pattern: /^\/sessions$/, handle: listSessions },
  { method: "GET", path: "/requests", pattern: /^\/requests$/, handle: listRequests },
  { method: "DELETE", path: "/requests", pattern: /^\/requests$/, handle: clearRequests },
  { method: "GET", path: "/requests/counts", pattern: /^\/requests\/counts$/, handle: countRequests },
  { method: "GET", path: "/faults", pattern: /^\/faults$/, handle: getFaults },
  { method: "PUT", path: "/faults", pattern: /^\/faults$/, handle: putFaults },
  { method: "DELETE", path: "/faults", pattern: /^\/faults$/, handle: deleteFaults },
  { method: "GET", path: "/outage", pattern: /^\/outage$/, handle: getOutage },
  { method: "POST", path: "/outage", pattern: /^\/outage$/, handle: startOutage },
  { method: "DELETE", path: "/outage", pattern: /^\/outage$/, handle: endOutage },
];

/** GET /: where the emulator serves, and what this surface offers. Never the key. */
function index(ctx: ControlContext): Record<string, unknown> {
  const { url, signInPage, instanceId, seed } = ctx.target;
  return { url, signInPage, instanceId, seed, routes: CONTROL_ROUTES.map((route) => `${route.method} ${route.path}`) };
}
