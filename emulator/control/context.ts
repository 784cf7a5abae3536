import type { ClerkEmulator } from "../types";

/** What the control surface drives: the emulator's own public API, so both faces do the same. */
export type ControlTarget = Omit<ClerkEmulator, "stop" | "controlUrl">;

/** What a control route's handler may use. */
export interface ControlContext {
  target: ControlTarget;
  /** The emulator's clock. */
  now: () => number;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The body as a JSON object (see http.ts); only the routes that take one read it. */
  body: () => Promise<Record<string, unknown>>;
}
