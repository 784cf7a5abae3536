import type { Outage, OutageKind } from "../types";
import type { ControlContext } from "./context";
import { ControlError, onlyKnown } from "./http";

/** GET /outage: the outage under way, or null. */
export function getOutage(ctx: ControlContext): { outage: Outage | null } {
  onlyKnown(ctx.query.keys(), [], "query parameter");
  return { outage: ctx.target.currentOutage() ?? null };
}

/**
 * POST /outage {"seconds": N, "kind"?: 503 | 502 | 500 | "reset"}: an outage of N seconds
 * from now (the API's outage(), with the same checks), replacing any current one.
 */
export async function startOutage(ctx: ControlContext): Promise<{ outage: Outage }> {
  const body = await ctx.body();
  onlyKnown(Object.keys(body), ["seconds", "kind"], "field");
  try {
    return { outage: ctx.target.outage(body.seconds as number, (body.kind ?? 503) as OutageKind) };
  } catch (error) {
    throw new ControlError(400, "invalid_outage", error instanceof Error ? error.message : String(error));
  }
}

/** DELETE /outage: ends the outage now. */
export function endOutage(ctx: ControlContext): { outage: null } {
  onlyKnown(ctx.query.keys(), [], "query parameter");
  ctx.target.endOutage();
  return { outage: null };
}
