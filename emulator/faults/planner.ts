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

  /** Replaces the rules, or throws and keeps the old ones when one of the new is invalid. */
  setRules(rules: readonly FaultRule[]): void {
    if (!Array.isArray(rules)) throw new Error("Fault rules must be a list");
    rules.forEach(validateRule);
    this.rules = rules.map((rule) => ({ rule: copyRule(rule), cursor: 0 }));
  }

  /** The rules in force, as given (copies). */
  list(): FaultRule[] {
    return this.rules.map(({ rule }) => copyRule(rule));
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

/** Deep enough that a caller changing its rule object afterwards changes nothing here. */
function copyRule(rule: FaultRule): FaultRule {
  const copy: FaultRule = { ...rule };
  if (rule.kinds !== undefined) copy.kinds = [...rule.kinds];
  if (rule.sequence !== undefined) copy.sequence = [...rule.sequence];
  return copy;
}

const RULE_FIELDS: ReadonlySet<string> = new Set(["route", "probability", "kinds", "sequence", "slowMs"]);

/**
 * Bad rules fail loudly at configuration time rather than silently never firing. Rules can
 * come from JavaScript or as JSON through the control surface, not only from typed code, so
 * every field's type is checked, and a field the rule cannot have (a misspelt one) is refused.
 */
function validateRule(rule: FaultRule, index: number): void {
  const where = `Fault rule ${index}`;
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) throw new Error(`${where} must be an object`);
  for (const field of Object.keys(rule)) {
    if (!RULE_FIELDS.has(field)) throw new Error(`${where} has an unknown field \`${field}\` (${[...RULE_FIELDS].join(", ")})`);
  }
  if (!FAULT_ROUTES.includes(rule.route)) throw new Error(`Unknown fault route: ${String(rule.route)} (${FAULT_ROUTES.join(", ")})`);
  const hasSequence = rule.sequence !== undefined;
  const hasProbability = rule.probability !== undefined;
  if (hasSequence === hasProbability) throw new Error("A fault rule needs exactly one of `probability` or `sequence`");
  if (hasProbability) {
    const p = rule.probability;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new Error(`Fault probability must be a number within 0..1, got ${String(p)}`);
    if (rule.kinds !== undefined && (!Array.isArray(rule.kinds) || rule.kinds.length === 0)) {
      throw new Error("Fault `kinds` must be a non-empty list");
    }
  }
  if (hasSequence && !Array.isArray(rule.sequence)) throw new Error("Fault `sequence` must be a list");
  if (hasSequence && rule.kinds !== undefined) throw new Error("Fault `kinds` only applies to probabilistic rules");
  for (const kind of [...(rule.kinds ?? []), ...(rule.sequence ?? [])]) {
    if (kind !== "ok" && !isFaultKind(kind)) throw new Error(`Unknown fault kind: ${String(kind)}`);
  }
  if (rule.slowMs !== undefined && !(typeof rule.slowMs === "number" && Number.isFinite(rule.slowMs) && rule.slowMs >= 0)) {
    throw new Error("Fault `slowMs` must be a finite number >= 0");
  }
}
