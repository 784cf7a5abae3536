import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { ClerkEmulator } from "../../emulator";
import { followTicketRoute, maskTickets, openSignInPage, reloadSignInPage, type SignInView } from "../../scripts/lib/browser-sign-in";
import { runCommand } from "../../scripts/lib/temp-project";
import { artifactsDir, launchChromium, requireChromium } from "../support/chromium";
import { testSecretKey } from "../support/env";
import { READ_OUTPUTS_SCRIPT, SIGN_IN_LINKS_PROGRAM } from "./browser-program";
import { type PulumiProject, startEmulatorProject, stopEmulatorProject } from "./pulumi-project";
import { expectNoSecretsIn, secretsOf } from "./secret-audit";

/*
 * The whole user path in a real browser (headless Chromium, Debian's): `pulumi up` mints a
 * ticket per role of a SignInTokens cast, a pipeline reads the links out of the stack (the
 * CLI and the Automation API), the browser signs in with them on the emulator's sign-in
 * page, a ticket works once, Clerk's own url works through the ticket route, and after
 * `pulumi destroy` a ticket nobody used is refused. Links and tickets are compared as
 * booleans and never printed, even when a step fails (browser-sign-in.ts masks them).
 */

const KEY = testSecretKey();
/** admin and viewer sign in with their links, support with Clerk's url; nobody follows the bystander's. */
const ROLES = {
  admin: "user_browser_admin",
  viewer: "user_browser_viewer",
  support: "user_browser_support",
  bystander: "user_browser_bystander",
} as const;
type Role = keyof typeof ROLES;

let emulator: ClerkEmulator | undefined;
let project: PulumiProject | undefined;
let browser: Browser | undefined;
/** The stack's outputs as the CLI revealed them. */
let links: Record<string, string> = {};
let urls: Record<string, string> = {};
let ids: Record<string, string> = {};

beforeAll(async () => {
  // First, and failing the file: a machine without Chromium must not pass it by skipping.
  requireChromium();
  ({ emulator, project } = await startEmulatorProject({ key: KEY, users: Object.values(ROLES), program: SIGN_IN_LINKS_PROGRAM }));
  project.writeFile("read-outputs.js", READ_OUTPUTS_SCRIPT);
  for (const [role, userId] of Object.entries(ROLES)) await project.ok(["config", "set", "--path", `roles.${role}`, userId]);
  await project.ok(["config", "set", "signInPage", emulator.signInPage]);
  browser = await launchChromium();
}, 30 * 60_000);

afterAll(async () => {
  await browser?.close();
  await stopEmulatorProject(project, emulator);
});

/** A fresh browser (its own cookies: a new Clerk client) showing the sign-in page at `address`. */
async function freshBrowserAt(address: string): Promise<{ view: SignInView; page: Page; close: () => Promise<void> }> {
  const context = await browser!.newContext({ viewport: { width: 720, height: 360 } });
  const page = await context.newPage();
  const view = await openSignInPage(page, address);
  return { view, page, close: () => context.close() };
}

const signedInAs = (role: Role): Partial<SignInView> => ({
  state: "signed-in",
  signedInAs: `Signed in as ${ROLES[role]}`,
  errorCode: "",
  addressHasTicket: false,
  path: "/sign-in",
});

/** The ticket a link carries, as the app's page reads it. */
const ticketOf = (link: string) => new URL(link).searchParams.get("__clerk_ticket");

it(
  "pulumi up mints a ticket per role; the CLI and the Automation API read the same secret links and urls",
  async () => {
    await project!.ok(["up", "--yes", "--skip-preview"]);
    const masked = JSON.parse((await project!.ok(["stack", "output", "--json"])).stdout);
    expect({ links: masked.links, urls: masked.urls }).toEqual({ links: "[secret]", urls: "[secret]" });

    // As a pipeline step does: `pulumi stack output --json --show-secrets`.
    const revealed = JSON.parse((await project!.ok(["stack", "output", "--json", "--show-secrets"])).stdout);
    ({ links, urls, ids } = revealed);
    expect(Object.keys(links).sort()).toEqual(Object.keys(ROLES).sort());
    for (const role of Object.keys(ROLES) as Role[]) {
      const held = emulator!.token(ids[role]!);
      expect({ role, user: held?.userId, status: held?.status }).toEqual({ role, user: ROLES[role], status: "pending" });
      const link = new URL(links[role]!);
      // The page is the one the stack config names, with the role's own ticket added.
      expect({ role, page: `${link.origin}${link.pathname}` }).toEqual({ role, page: emulator!.signInPage });
      expect({ role, carriesItsTicket: ticketOf(links[role]!) === held?.token }).toEqual({ role, carriesItsTicket: true });
      expect({ role, urlIsClerks: urls[role] === held?.url }).toEqual({ role, urlIsClerks: true });
    }

    // As a Node script in the project folder does: LocalWorkspace.selectStack(…).outputs().
    const file = join(project!.dir, "outputs.json");
    const script = await runCommand(process.execPath, ["read-outputs.js", file], { cwd: project!.dir, env: project!.env });
    expect({ code: script.code, stderr: maskTickets(script.stderr), stdoutEmpty: script.stdout === "" }).toEqual({
      code: 0,
      stderr: "",
      stdoutEmpty: true,
    });
    const automation = JSON.parse(readFileSync(file, "utf8")) as Record<string, { value: unknown; secret: boolean }>;
    expect({ links: automation.links?.secret, urls: automation.urls?.secret }).toEqual({ links: true, urls: true });
    expect({
      sameLinks: JSON.stringify(automation.links?.value) === JSON.stringify(links),
      sameUrls: JSON.stringify(automation.urls?.value) === JSON.stringify(urls),
    }).toEqual({ sameLinks: true, sameUrls: true });
  },
  5 * 60_000,
);

it.each(["admin", "viewer"] as const)(
  "%s's link signs that user in, the ticket leaves the address bar, and a reload stays signed in",
  async (role) => {
    const { view, page, close } = await freshBrowserAt(links[role]!);
    try {
      expect(view).toMatchObject(signedInAs(role));
      expect(emulator!.token(ids[role]!)?.status).toBe("accepted");
      if (role === "admin") {
        const folder = artifactsDir("browser");
        await page.screenshot({ path: join(folder, "signed-in.png") });
        console.log(`browser.test.ts: screenshot of the signed-in page in ${folder}`);
      }
      expect(await reloadSignInPage(page)).toMatchObject(signedInAs(role));
      // One browser, one Clerk client, one session: the reload signed nobody in again.
      expect(emulator!.sessions({ userId: ROLES[role] })).toHaveLength(1);
    } finally {
      await close();
    }
  },
);

it("the same link in a fresh browser is refused: Clerk's already-used error, and Clerk's url of that ticket too", async () => {
  const { view, page, close } = await freshBrowserAt(links.admin!);
  try {
    expect(view).toMatchObject({ state: "error", signedInAs: "", errorCode: "sign_in_token_already_used_code" });
    expect(view.errorMessage).toMatch(/already been used/);
    // linkTo and url carry one ticket: using either uses both.
    const clerkUrl = await followTicketRoute(page, urls.admin!);
    expect(clerkUrl).toEqual({ status: 400, accepted: false, userId: "" });
    expect(emulator!.sessions({ userId: ROLES.admin })).toHaveLength(1);
  } finally {
    await close();
  }
});

it("Clerk's own url signs in through the ticket route and leaves that browser signed in on the sign-in page", async () => {
  const context = await browser!.newContext();
  try {
    const page = await context.newPage();
    expect(await followTicketRoute(page, urls.support!)).toEqual({ status: 200, accepted: true, userId: ROLES.support });
    expect(await openSignInPage(page, emulator!.signInPage)).toMatchObject(signedInAs("support"));
  } finally {
    await context.close();
  }
});

it(
  "after pulumi destroy, the link nobody followed is refused: the ticket was revoked",
  async () => {
    await project!.ok(["destroy", "--yes", "--skip-preview"]);
    const { view, close } = await freshBrowserAt(links.bystander!);
    try {
      expect(view).toMatchObject({ state: "error", signedInAs: "", errorCode: "sign_in_token_revoked_code" });
      expect(view.errorMessage).toMatch(/revoked/);
    } finally {
      await close();
    }
    const statuses = Object.fromEntries(Object.keys(ROLES).map((role) => [role, emulator!.token(ids[role]!)?.status]));
    expect(statuses).toEqual({ admin: "accepted", viewer: "accepted", support: "accepted", bystander: "revoked" });
    expect(emulator!.sessions({ userId: ROLES.bystander })).toEqual([]);
    // What the CLI printed (less the commands asked to reveal secrets) holds no key, ticket or link.
    expectNoSecretsIn([{ path: "CLI output", text: project!.transcript.join("\n") }], secretsOf(KEY, emulator!));
  },
  5 * 60_000,
);

describe("what a failing browser step prints", () => {
  it("names the missing Chromium and how to install it", () => {
    expect(() => requireChromium("/nonexistent/chromium")).toThrow(
      /Chromium is missing: no executable at \/nonexistent\/chromium\. .*apt-get install chromium, as \.ci\/run does.*The browser tests need it/,
    );
  });

  it("a navigation that fails reports no ticket: Playwright's message quotes the address, which is masked", async () => {
    // A ticket-shaped value (not one the emulator made), at a port where nothing listens.
    const ticket = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"sid":"sit_x"}').toString("base64url")}.c2lnbmF0dXJl`;
    const context = await browser!.newContext();
    try {
      const failure = await openSignInPage(await context.newPage(), `http://127.0.0.1:9/sign-in?__clerk_ticket=${ticket}`).then(
        () => "opened",
        (err: Error) => err.message,
      );
      expect(failure).toMatch(/ERR_CONNECTION_REFUSED|ERR_UNSAFE_PORT/);
      expect(failure).toContain("<link>");
      expect(failure.includes(ticket)).toBe(false);
    } finally {
      await context.close();
    }
  });
});
