import type { EmulatorRequest, EmulatorRoute, RequestCounts, RequestFilter } from "../types";

interface Entry {
  method: string;
  path: string;
  route: EmulatorRoute | null;
  at: number;
  status?: number | "reset";
}

/**
 * Every request the server receives, in arrival order. An entry is logged on
 * arrival but only reported once its outcome (a status, or "reset") is known,
 * so that a test never reads a half-decided request. Only the method, the path
 * without its query and the route are kept: a query can carry a ticket or an
 * email address, and headers carry keys and cookies.
 */
export class RequestLog {
  private entries: Entry[] = [];

  begin(method: string, path: string, route: EmulatorRoute | null, at: number): (status: number | "reset") => void {
    const entry: Entry = { method, path, route, at };
    this.entries.push(entry);
    return (status) => {
      if (entry.status === undefined) entry.status = status;
    };
  }

  list(filter: RequestFilter = {}): EmulatorRequest[] {
    const method = filter.method?.toUpperCase();
    const settled: EmulatorRequest[] = [];
    for (const { method: m, path, route, at, status } of this.entries) {
      if (status === undefined) continue;
      if (method !== undefined && m !== method) continue;
      if (filter.route !== undefined && route !== filter.route) continue;
      if (filter.status !== undefined && status !== filter.status) continue;
      if (filter.pathPrefix !== undefined && !path.startsWith(filter.pathPrefix)) continue;
      settled.push({ method: m, path, route, status, at });
    }
    return settled;
  }

  count(filter: RequestFilter = {}): number {
    return this.list(filter).length;
  }

  /** The settled requests counted by route (those no route served under `unmatched`) and by status. */
  counts(): RequestCounts {
    const counts: RequestCounts = { total: 0, byRoute: {}, unmatched: 0, byStatus: {} };
    for (const { route, status } of this.list()) {
      counts.total += 1;
      if (route === null) counts.unmatched += 1;
      else counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
      counts.byStatus[String(status)] = (counts.byStatus[String(status)] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.entries = [];
  }
}
