import type { Outage } from "../types";
import { OUTAGE_KINDS, type OutageKind } from "./kinds";

/**
 * A timed outage: a window from the moment it starts, on the emulator's clock, during which
 * the pipeline answers every request that takes a place in the rate limit with the
 * outage's kind instead of serving it. Kept as start and end times rather than a timer, so
 * an injected clock moves it and stop() has nothing to cancel.
 */
export class OutageWindow {
  private window: Outage | undefined;

  /** Replaces any current outage. Throws on a bad input, naming it. */
  start(seconds: unknown, kind: unknown, now: number): Outage {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) {
      throw new Error(`An outage needs a number of seconds > 0, got ${describe(seconds)}`);
    }
    if (!isOutageKind(kind)) {
      throw new Error(`Unknown outage kind ${describe(kind)} (one of ${OUTAGE_KINDS.map((k) => JSON.stringify(k)).join(", ")})`);
    }
    this.window = { kind, startedAt: now, endsAt: now + seconds * 1000 };
    return { ...this.window };
  }

  end(): void {
    this.window = undefined;
  }

  /** The outage under way at `now`; undefined when there is none, or it has ended. */
  current(now: number): Outage | undefined {
    if (this.window === undefined || now >= this.window.endsAt || now < this.window.startedAt) return undefined;
    return { ...this.window };
  }
}

export function isOutageKind(value: unknown): value is OutageKind {
  return (OUTAGE_KINDS as readonly unknown[]).includes(value);
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
