import { SESSION_MAXIMUM_LIFETIME_SECONDS } from "../clerk/facts";
import type { EmulatorSession, SessionStatus } from "../types";
import { clerkId, randomBase62 } from "./ids";

/** A browser, in Clerk's words a client: what its `__client` cookie names. */
export interface StoredClient {
  id: string;
  /**
   * The cookie's value: a random secret, not the id, so that knowing a client's id (the
   * control surface lists them) does not let anyone pose as that browser.
   */
  cookieToken: string;
  createdAt: number;
  updatedAt: number;
}

interface StoredSession {
  id: string;
  clientId: string;
  userId: string;
  orgId: string | null;
  signInTokenId: string;
  /** What happened to it; "expired" is not stored but read off the clock (sessionStatus). */
  ended: boolean;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

export interface SessionFilter {
  userId?: string;
  clientId?: string;
  status?: SessionStatus;
}

/**
 * The browsers that signed in and their sessions. Nothing is ever deleted, so tests can
 * see every sign-in that happened.
 */
export class SessionStore {
  private readonly clients = new Map<string, StoredClient>();
  private readonly clientIdsByCookie = new Map<string, string>();
  private readonly sessionsById = new Map<string, StoredSession>();

  newClient(at: number): StoredClient {
    const client: StoredClient = { id: clerkId("client"), cookieToken: randomBase62(32), createdAt: at, updatedAt: at };
    this.clients.set(client.id, client);
    this.clientIdsByCookie.set(client.cookieToken, client.id);
    return { ...client };
  }

  /** The client a `__client` cookie value names; undefined for none, or one this emulator never set. */
  clientByCookie(cookieToken: string | undefined): StoredClient | undefined {
    const id = cookieToken === undefined ? undefined : this.clientIdsByCookie.get(cookieToken);
    const client = id === undefined ? undefined : this.clients.get(id);
    return client === undefined ? undefined : { ...client };
  }

  /**
   * Signs the client in: a new active session. Clerk's instances are single-session unless
   * multi-session is turned on (clerk.com/docs/authentication/configuration/session-options,
   * "Multi-session handling"), so a client holds one session: the client's earlier live
   * session ends. Clerk documents no status for that case; "ended" is our choice.
   */
  startSession(clientId: string, spec: { userId: string; orgId: string | null; signInTokenId: string }, at: number): EmulatorSession {
    const client = this.clients.get(clientId);
    if (client === undefined) throw new Error(`No client ${clientId}`);
    for (const earlier of this.sessionsById.values()) {
      if (earlier.clientId === clientId && sessionStatus(earlier, at) === "active") {
        earlier.ended = true;
        earlier.updatedAt = at;
      }
    }
    const session: StoredSession = {
      id: clerkId("sess"),
      clientId,
      ...spec,
      ended: false,
      createdAt: at,
      updatedAt: at,
      expiresAt: at + SESSION_MAXIMUM_LIFETIME_SECONDS * 1000,
    };
    this.sessionsById.set(session.id, session);
    client.updatedAt = at;
    return publicSession(session, at);
  }

  /** Every session, oldest first, with its status at `now`. */
  sessions(now: number, filter: SessionFilter = {}): EmulatorSession[] {
    return [...this.sessionsById.values()]
      .map((session) => publicSession(session, now))
      .filter((session) => filter.userId === undefined || session.userId === filter.userId)
      .filter((session) => filter.clientId === undefined || session.clientId === filter.clientId)
      .filter((session) => filter.status === undefined || session.status === filter.status);
  }

  session(id: string, now: number): EmulatorSession | undefined {
    const session = this.sessionsById.get(id);
    return session === undefined ? undefined : publicSession(session, now);
  }
}

function sessionStatus(session: StoredSession, now: number): SessionStatus {
  if (session.ended) return "ended";
  return now >= session.expiresAt ? "expired" : "active";
}

function publicSession(session: StoredSession, now: number): EmulatorSession {
  const { id, clientId, userId, orgId, signInTokenId, createdAt, updatedAt, expiresAt } = session;
  return { id, clientId, userId, orgId, signInTokenId, status: sessionStatus(session, now), createdAt, updatedAt, expiresAt };
}
