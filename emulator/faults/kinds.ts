/**
 * Every way a fault can replace normal service. The planner, the CLI's
 * parser and help, and the public FaultKind type all read this list, so a
 * kind added here is a kind everywhere (and fault-replies.ts must then say
 * what a new status answers, or it does not compile).
 */
export const FAULT_KINDS = [500, 502, 503, 429, "reset-before", "reset-after", "slow"] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** The kinds that answer at once with an HTTP status. */
export type StatusFaultKind = Extract<FaultKind, number>;

export function isFaultKind(value: unknown): value is FaultKind {
  return (FAULT_KINDS as readonly unknown[]).includes(value);
}

/**
 * What an outage answers every request it reaches with: Clerk's documented 503
 * (maintenance_mode) by default, or the 502 of a proxy whose API is unreachable, a 500, or
 * a connection dropped before any answer ("reset").
 */
export const OUTAGE_KINDS = [503, 502, 500, "reset"] as const;

export type OutageKind = (typeof OUTAGE_KINDS)[number];
