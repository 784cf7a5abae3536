import type { TicketSigner } from "./jwt";
import type { ClerkStore } from "./store";

/** What a route handler may use: the state, the signer, the clock and the request's inputs. */
export interface RouteContext {
  store: ClerkStore;
  signer: TicketSigner;
  instanceId: string;
  now: () => number;
  /** API base of this emulator, e.g. http://127.0.0.1:41234/v1, used to build ticket links. */
  apiUrl: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: string;
}
