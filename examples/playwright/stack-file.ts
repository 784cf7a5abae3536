import { readFileSync } from "node:fs";
import { join } from "node:path";

/*
 * What the global setup hands the workers: the stack's links, by role, in a file only its
 * owner can read, under .auth/ (git-ignored, with the workers' storage states). Playwright
 * runs the global setup in its main process and the fixtures in worker processes, so the
 * two meet in a file, not in memory.
 */

export const AUTH_DIR = join(__dirname, ".auth");
export const STACK_FILE = join(AUTH_DIR, "stack.json");

export interface Login {
  role: string;
  /** The single-use link into the app's sign-in page. Secret: never log it. */
  link: string;
  /** The Clerk user it signs in. */
  userId: string;
}

export interface StackLogins {
  /** The app's sign-in page, without a ticket. */
  signInPage: string;
  /** One per role, in the order the workers take them. */
  logins: Login[];
}

export function readStackLogins(): StackLogins {
  return JSON.parse(readFileSync(STACK_FILE, "utf8")) as StackLogins;
}
