import type { FaultRule } from "../types";
import type { ControlContext } from "./context";
import { ControlError, onlyKnown } from "./http";

/** GET /faults: the fault rules in force. */
export function getFaults(ctx: ControlContext): { rules: FaultRule[] } {
  onlyKnown(ctx.query.keys(), [], "query parameter");
  return { rules: ctx.target.faultRules() };
}

/**
 * PUT /faults {"rules": [FaultRule, …]}: replaces the rules (the API's setFaults, with the
 * same checks); a refused set leaves the rules in force as they were.
 */
export async function putFaults(ctx: ControlContext): Promise<{ rules: FaultRule[] }> {
  const body = await ctx.body();
  onlyKnown(Object.keys(body), ["rules"], "field");
  try {
    ctx.target.setFaults(body.rules as FaultRule[]);
  } catch (error) {
    throw new ControlError(400, "invalid_fault_rules", error instanceof Error ? error.message : String(error));
  }
  return { rules: ctx.target.faultRules() };
}

/** DELETE /faults: normal service again. */
export function deleteFaults(ctx: ControlContext): { rules: FaultRule[] } {
  onlyKnown(ctx.query.keys(), [], "query parameter");
  ctx.target.setFaults([]);
  return { rules: [] };
}
