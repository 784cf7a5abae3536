import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { AUTH_DIR, STACK_FILE, type StackLogins } from "./stack-file";

/**
 * Reads the stack's outputs once, before any worker starts: `pulumi stack output --json
 * --show-secrets` in this folder (the Pulumi project), on the stack PULUMI_STACK names or
 * the selected one. It needs the backend's access (PULUMI_BACKEND_URL and the passphrase,
 * or Pulumi Cloud's token), not Clerk's secret key. Returns the teardown, which removes the
 * file of links when the run ends.
 */
export default function globalSetup(): () => void {
  const stack = process.env.PULUMI_STACK ? ["--stack", process.env.PULUMI_STACK] : [];
  let outputs: { signInLinks: Record<string, string>; userIds: Record<string, string>; appSignInPage: string };
  try {
    const json = execFileSync("pulumi", ["stack", "output", "--json", "--show-secrets", "--non-interactive", ...stack], {
      cwd: __dirname,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    outputs = JSON.parse(json);
  } catch (err) {
    // A new error, without the command's output attached to it: that output holds the links.
    throw new Error(`pulumi stack output failed (${(err as { status?: number }).status ?? "no exit code"}); see its messages above`);
  }
  // Roles in key order: worker 0 takes the first, worker 1 the second, and so on.
  const logins = Object.keys(outputs.signInLinks)
    .sort()
    .map((role) => ({ role, link: outputs.signInLinks[role] as string, userId: outputs.userIds[role] as string }));
  const handOver: StackLogins = { signInPage: outputs.appSignInPage, logins };

  // Storage states of an earlier run are not reused: each run signs in with its own tickets.
  rmSync(AUTH_DIR, { recursive: true, force: true });
  mkdirSync(AUTH_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(STACK_FILE, JSON.stringify(handOver), { mode: 0o600 });
  return () => rmSync(STACK_FILE, { force: true });
}
