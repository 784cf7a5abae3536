import { SESSION_STATUSES, SIGN_IN_TOKEN_STATUSES } from "../clerk/facts";
import { hasExpired } from "../tickets/acceptance";
import type { EmulatorSession, EmulatorToken, SessionStatus, TicketSummary, TokenStatus } from "../types";
import type { ControlContext } from "./context";
import { ControlError, invalid, onlyKnown } from "./http";

/*
 * Watching tickets and the sign-ins they made. A ticket is shown without its JWT and its
 * link, which are credentials; a session is shown as the public API has it, which holds no
 * cookie value. Filters are the API's, by the same names.
 */

export function ticketSummary(token: EmulatorToken, now: number): TicketSummary {
  const { id, userId, orgId, status, createdAt, updatedAt, expiresAt } = token;
  return { id, userId, orgId, status, expired: hasExpired(token, now), createdAt, updatedAt, expiresAt };
}

/** GET /tickets[?userId=…&status=pending|accepted|revoked] */
export function listTickets(ctx: ControlContext): { tickets: TicketSummary[] } {
  onlyKnown(ctx.query.keys(), ["userId", "status"], "query parameter");
  const status = oneOf<TokenStatus>(ctx.query.get("status"), SIGN_IN_TOKEN_STATUSES, "status");
  const userId = ctx.query.get("userId") ?? undefined;
  const now = ctx.now();
  return { tickets: ctx.target.tokens({ userId, status }).map((token) => ticketSummary(token, now)) };
}

/** GET /tickets/{id} */
export function getTicket(ctx: ControlContext): { ticket: TicketSummary } {
  onlyKnown(ctx.query.keys(), [], "query parameter");
  const token = ctx.target.token(ctx.params.id ?? "");
  if (token === undefined) throw new ControlError(404, "ticket_not_found", `no sign-in token with id ${ctx.params.id}`);
  return { ticket: ticketSummary(token, ctx.now()) };
}

/** GET /sessions[?userId=…&clientId=…&status=active|ended|expired|…] */
export function listSessions(ctx: ControlContext): { sessions: EmulatorSession[] } {
  onlyKnown(ctx.query.keys(), ["userId", "clientId", "status"], "query parameter");
  const status = oneOf<SessionStatus>(ctx.query.get("status"), SESSION_STATUSES, "status");
  const userId = ctx.query.get("userId") ?? undefined;
  const clientId = ctx.query.get("clientId") ?? undefined;
  return { sessions: ctx.target.sessions({ userId, clientId, status }) };
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], name: string): T | undefined {
  if (value === null) return undefined;
  const known = allowed.find((candidate) => candidate === value);
  if (known === undefined) throw invalid(`${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  return known;
}
