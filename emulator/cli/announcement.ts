import type { ClerkEmulator } from "../types";
import { secretKeyHint } from "./key-hint";

/** The one JSON line the command line prints on stdout once it serves. */
export interface Announcement {
  /** The API base, e.g. http://127.0.0.1:41234/v1. */
  url: string;
  /** The stand-in for an app's sign-in page, e.g. http://127.0.0.1:41234/sign-in. */
  signInPage: string;
  /** The control surface, e.g. http://127.0.0.1:41235; only with --control-port. */
  controlUrl?: string;
  secretKeyHint: string;
  /**
   * The key in full, only when the emulator generated it (no --secret-key, no
   * CLERK_SECRET_KEY): the caller needs it to connect, and it is worth nothing elsewhere,
   * since no Clerk instance knows it and this process's emulator forgets it on exit. A
   * key the caller gave may be a real Clerk key (CLERK_SECRET_KEY often is), so it is
   * never printed, only hinted at; stdout is often captured into logs.
   */
  secretKey?: string;
}

export function announcement(emulator: ClerkEmulator, options: { generated: boolean }): Announcement {
  const line: Announcement = {
    url: emulator.url,
    signInPage: emulator.signInPage,
    ...(emulator.controlUrl === undefined ? {} : { controlUrl: emulator.controlUrl }),
    secretKeyHint: secretKeyHint(emulator.secretKey),
  };
  if (options.generated) line.secretKey = emulator.secretKey;
  return line;
}
