import type { EmulatorRequest } from "../types";

interface Entry {
  method: string;
  path: string;
  at: number;
  status?: number | "reset";
}

/**
 * Every request the server receives, in arrival order. An entry is logged on
 * arrival but only reported once its outcome (a status, or "reset") is known,
 * so that a test never reads a half-decided request.
 */
export class RequestLog {
  private entries: Entry[] = [];

  begin(method: string, path: string, at: number): (status: number | "reset") => void {
    const entry: Entry = { method, path, at };
    this.entries.push(entry);
    return (status) => {
      if (entry.status === undefined) entry.status = status;
    };
  }

  list(): EmulatorRequest[] {
    const settled: EmulatorRequest[] = [];
    for (const { method, path, at, status } of this.entries) {
      if (status !== undefined) settled.push({ method, path, status, at });
    }
    return settled;
  }

  count(filter: { method?: string; pathPrefix?: string } = {}): number {
    const method = filter.method?.toUpperCase();
    return this.list().filter(
      (entry) =>
        (method === undefined || entry.method === method) && (filter.pathPrefix === undefined || entry.path.startsWith(filter.pathPrefix)),
    ).length;
  }

  clear(): void {
    this.entries = [];
  }
}
