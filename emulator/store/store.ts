import type { EmulatorToken, EmulatorUser, TokenStatus } from "../types";
import { clerkId } from "./ids";

export interface StoredEmail {
  id: string;
  address: string;
  createdAt: number;
}

export interface StoredUser {
  id: string;
  emails: StoredEmail[];
  organizationIds: string[];
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
  /** Insertion order, to keep "newest first" stable for users made in the same millisecond. */
  seq: number;
}

export type TransitionResult =
  | { ok: true; token: EmulatorToken }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "not_pending"; status: TokenStatus };

/** Clerk stores email addresses lowercased, which is also why lookups by email ignore case. */
function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * The emulated instance's state: its users and every sign-in token ever
 * created. Tokens are never deleted, so tests can compare what "Clerk" holds
 * with what Pulumi believes it holds.
 */
export class ClerkStore {
  private readonly users = new Map<string, StoredUser>();
  private readonly tokensById = new Map<string, EmulatorToken>();
  private nextSeq = 0;

  /** Adds a user, or replaces the addresses and organizations of an existing one (keeping its id and creation time). */
  addUser(input: string | EmulatorUser, at: number): StoredUser {
    const spec: EmulatorUser = typeof input === "string" ? { id: input } : input;
    if (typeof spec.id !== "string" || spec.id.length === 0) throw new Error("An emulator user needs a non-empty id");
    const existing = this.users.get(spec.id);
    const emails = [...new Set((spec.emailAddresses ?? []).map(normalizeEmail))].map((address) => {
      const kept = existing?.emails.find((email) => email.address === address);
      return kept ?? { id: clerkId("idn"), address, createdAt: at };
    });
    const user: StoredUser = {
      id: spec.id,
      emails,
      organizationIds: [...new Set(spec.organizationIds ?? [])],
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      lastSignInAt: existing?.lastSignInAt ?? null,
      seq: existing?.seq ?? this.nextSeq++,
    };
    this.users.set(user.id, user);
    return user;
  }

  user(id: string): StoredUser | undefined {
    return this.users.get(id);
  }

  /** All users, newest first (Clerk's default `-created_at` order). */
  allUsers(): StoredUser[] {
    return [...this.users.values()].sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  }

  usersWithAnyEmail(addresses: readonly string[]): StoredUser[] {
    const wanted = new Set(addresses.map(normalizeEmail));
    return this.allUsers().filter((user) => user.emails.some((email) => wanted.has(email.address)));
  }

  recordSignIn(userId: string, at: number): void {
    const user = this.users.get(userId);
    if (user !== undefined) user.lastSignInAt = at;
  }

  insertToken(token: EmulatorToken): void {
    this.tokensById.set(token.id, { ...token });
  }

  /** A copy: callers must go through transition() to change a token. */
  token(id: string): EmulatorToken | undefined {
    const token = this.tokensById.get(id);
    return token === undefined ? undefined : { ...token };
  }

  tokens(filter: { userId?: string; status?: TokenStatus } = {}): EmulatorToken[] {
    return [...this.tokensById.values()]
      .filter((token) => filter.userId === undefined || token.userId === filter.userId)
      .filter((token) => filter.status === undefined || token.status === filter.status)
      .map((token) => ({ ...token }));
  }

  /** Only pending tokens move, and only once: accepted and revoked are final in Clerk. */
  transition(id: string, to: Exclude<TokenStatus, "pending">, at: number): TransitionResult {
    const token = this.tokensById.get(id);
    if (token === undefined) return { ok: false, reason: "not_found" };
    if (token.status !== "pending") return { ok: false, reason: "not_pending", status: token.status };
    token.status = to;
    token.updatedAt = at;
    return { ok: true, token: { ...token } };
  }
}
