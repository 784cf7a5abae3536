import type { SessionStore } from "../store/session-store";
import type { ClerkStore } from "../store/store";
import type { TicketSigner } from "../tickets/jwt";

/** The emulated Clerk instance, the same for every request. */
export interface EmulatedInstance {
  store: ClerkStore;
  /** The browsers that signed in with a ticket, and their sessions. */
  sessions: SessionStore;
  signer: TicketSigner;
  instanceId: string;
  now: () => number;
  /** API base of this emulator, e.g. http://127.0.0.1:41234/v1, used to build ticket links. */
  apiUrl: string;
}

/** What a route handler may use: the instance and the request's inputs. */
export interface RouteContext extends EmulatedInstance {
  params: Record<string, string>;
  query: URLSearchParams;
  body: string;
  /** The request's Cookie header, which only the Frontend API stand-ins read. */
  cookies: string | undefined;
}
