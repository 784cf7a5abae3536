import type { PulumiProject } from "./pulumi-project";

/*
 * Questions the feature tests ask a stack: its outputs, which tickets its state holds,
 * and what a preview would do.
 */

const TICKET_TYPE = "pulumi-nodejs:dynamic/clerk:SignInToken";

export type Outputs = Record<string, Record<string, string>>;

export async function stackOutputs(project: PulumiProject, showSecrets = false, stack?: string): Promise<Outputs> {
  const args = ["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : []), ...(stack ? ["--stack", stack] : [])];
  return JSON.parse((await project.ok(args)).stdout);
}

/** A ticket as the state records it (`pulumi stack export`). */
export interface TicketResource {
  urn: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** Resource name → the ticket's record, for every ticket in the stack's state. */
export async function ticketResources(project: PulumiProject, stack?: string): Promise<Record<string, TicketResource>> {
  const state = JSON.parse((await project.ok(["stack", "export", ...(stack ? ["--stack", stack] : [])])).stdout);
  const resources: Array<TicketResource & { type: string }> = state.deployment.resources ?? [];
  return Object.fromEntries(resources.filter((r) => r.type === TICKET_TYPE).map((r) => [r.urn.split("::").pop()!, r]));
}

/** Resource name → sign-in token id, for every ticket in the stack's state. */
export async function ticketsInState(project: PulumiProject, stack?: string): Promise<Record<string, string>> {
  const resources = await ticketResources(project, stack);
  return Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, r.id]));
}

/** The ticket steps a preview plans, other than leaving a ticket as it is: [op, name]. */
export async function plannedTicketSteps(project: PulumiProject): Promise<Array<[string, string]>> {
  const preview = JSON.parse((await project.ok(["preview", "--json"])).stdout);
  const steps: Array<{ op: string; urn: string }> = preview.steps ?? [];
  return steps
    .filter((s) => s.urn.includes(TICKET_TYPE) && s.op !== "same")
    .map((s): [string, string] => [s.op, s.urn.split("::").pop()!])
    .sort((a, b) => (a[1] + a[0]).localeCompare(b[1] + b[0]));
}

export function sleepUntil(epochMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));
}
