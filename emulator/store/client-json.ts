import { TICKET_STRATEGY } from "../clerk/facts";
import type { EmulatorSession } from "../types";
import type { StoredClient } from "./session-store";

/**
 * The contract's Client object: a browser and its sessions. The contract describes it for
 * the Backend API (GET /clients/{client_id}); the emulator's stand-in for the Frontend
 * API's GET /v1/client answers it too, as the object Clerk's FAPI describes carries more
 * than any test of ours reads. Only live sessions are listed, as a browser sees them.
 */
export function clientJson(client: StoredClient, liveSessions: readonly EmulatorSession[]): Record<string, unknown> {
  const last = liveSessions.at(-1);
  return {
    object: "client",
    id: client.id,
    session_ids: liveSessions.map((session) => session.id),
    sessions: liveSessions.map(sessionJson),
    sign_in_id: null,
    sign_up_id: null,
    last_active_session_id: last?.id ?? null,
    // Every session of the emulator comes from a sign-in token.
    last_authentication_strategy: last === undefined ? null : TICKET_STRATEGY,
    updated_at: client.updatedAt,
    created_at: client.createdAt,
  };
}

/**
 * The contract's Session object (additionalProperties: false). The emulator tracks no
 * activity, so a session was last active when it began; it has no inactivity timeout (off
 * by default in Clerk), so it is abandoned when it expires.
 */
export function sessionJson(session: EmulatorSession): Record<string, unknown> {
  return {
    object: "session",
    id: session.id,
    user_id: session.userId,
    client_id: session.clientId,
    actor: null,
    status: session.status,
    last_active_organization_id: session.orgId,
    last_active_at: session.createdAt,
    expire_at: session.expiresAt,
    abandon_at: session.expiresAt,
    updated_at: session.updatedAt,
    created_at: session.createdAt,
  };
}
