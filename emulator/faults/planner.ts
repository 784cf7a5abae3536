import { FAULT_ROUTES, type RouteName } from "../routes/catalogue";
import type { FaultRule } from "../types";
import { type FaultKind, isFaultKind } from "./kinds";
import type { Random } from "./prng";

export interface PlannedFault {
  kind: FaultKind;
  slowMs: number;
}

const DEFAULT_SLOW_MS = 30_000;
const DEFAULT_KINDS: readonly FaultKind[] = [500];

interface ActiveRule {
  rule: FaultRule;
  /** Next step of a scripted sequence. */
  cursor: number;
}

/**
 * Decides, per request, whether a fault replaces normal service. Every rule
 * whose route matches sees every matching request (its sequence advances,
 * its dice are rolled) and the first rule that yields a fault wins. Rolling
 * dice even for rules that lose keeps the PRNG stream, and so a seeded run,
 * independent of which rule happened to fire.
 */
export class FaultPlanner {
  private rules: ActiveRule[] = [];

  constructor(
    rules: readonly FaultRule[],
    private readonly random: Random,
  ) {
    this.setRules(rules);
  }

  setRules(rules: readonly FaultRule[]): void {
    rules.forEach(validateRule);
    this.rules = rules.map((rule) => ({ rule: { ...rule }, cursor: 0 }));
  }

  plan(route: RouteName): PlannedFault | undefined {
    let chosen: PlannedFault | undefined;
    for (const active of this.rules) {
      if (active.rule.route !== "*" && active.rule.route !== route) continue;
      const kind = this.step(active);
      if (kind !== undefined && chosen === undefined) chosen = { kind, slowMs: active.rule.slowMs ?? DEFAULT_SLOW_MS };
    }
    return chosen;
  }

  private step(active: ActiveRule): FaultKind | undefined {
    const { rule } = active;
    if (rule.sequence !== undefined) {
      const next = rule.sequence[active.cursor];
      if (next === undefined) return undefined;
      active.cursor += 1;
      return next === "ok" ? undefined : next;
    }
    const roll = this.random();
    const pick = this.random();
    if (roll >= (rule.probability ?? 0)) return undefined;
    const kinds = rule.kinds ?? DEFAULT_KINDS;
    return kinds[Math.min(kinds.length - 1, Math.floor(pick * kinds.length))];
  }
}

/** Bad rules fail loudly at configuration time rather than silently never firing. */
function validateRule(rule: FaultRule): void {
  if (!FAULT_ROUTES.includes(rule.route)) throw new Error(`Unknown fault route: ${String(rule.route)}`);
  const hasSequence = rule.sequence !== undefined;
  const hasProbability = rule.probability !== undefined;
  if (hasSequence === hasProbability) throw new Error("A fault rule needs exactly one of `probability` or `sequence`");
  if (hasProbability) {
    const p = rule.probability as number;
    if (!(p >= 0 && p <= 1)) throw new Error(`Fault probability must be within 0..1, got ${p}`);
    if (rule.kinds !== undefined && rule.kinds.length === 0) throw new Error("Fault `kinds` must not be empty");
  }
  if (hasSequence && rule.kinds !== undefined) throw new Error("Fault `kinds` only applies to probabilistic rules");
  for (const kind of [...(rule.kinds ?? []), ...(rule.sequence ?? [])]) {
    if (kind !== "ok" && !isFaultKind(kind)) throw new Error(`Unknown fault kind: ${String(kind)}`);
  }
  if (rule.slowMs !== undefined && !(Number.isFinite(rule.slowMs) && rule.slowMs >= 0)) {
    throw new Error("Fault `slowMs` must be a finite number >= 0");
  }
}
