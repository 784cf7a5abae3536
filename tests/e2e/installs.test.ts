import { type ClerkEmulator, startClerkEmulator } from "../../emulator";
import { testSecretKey } from "../support/env";
import {
  TYPESCRIPT_TEMPLATE_DEV_DEPENDENCIES,
  TYPESCRIPT_TEMPLATE_TSCONFIG,
  TYPESCRIPT_TEMPLATE_TSCONFIG_BEFORE_2024,
} from "../support/pulumi-template";
import {
  InstalledProject,
  laneSdkVersion,
  laneTypesNodeVersion,
  type PackageManager,
  packageManagersBinDir,
  pulumiYaml,
} from "./package-managers";
import { pulumiBinDir } from "./pulumi-project";

/*
 * Every way a user writes and installs a program: each case makes a fresh project in a
 * temporary folder, installs this package from the tarball the run packed and
 * @pulumi/pulumi (the lane's version) from the registry with the case's package manager,
 * then, under the real CLI on a local file backend against one shared emulator, deploys a
 * ticket, reads its URL back, checks that the state names the installed package's
 * provider by reference, and destroys it. Cases run one after the other; each prints how
 * long it took.
 */

const KEY = testSecretKey();
const REFERENCE = 'require("pulumi-clerk-sign-in-tokens/dist/provider/stored-provider.js")';
const TICKET_TYPE = "pulumi-nodejs:dynamic/clerk:SignInToken";

/** A ticket a program exported: its id and its (secret) URL. */
/** A program's stack outputs: JSON of its own choosing, read by each case as it knows it. */
// biome-ignore lint/suspicious/noExplicitAny: the shape is the program's, not ours
type StackOutputs = Record<string, any>;

interface ExportedTicket {
  id: unknown;
  url: unknown;
}

interface InstallCase {
  title: string;
  name: string;
  manager: PackageManager;
  /** package.json fields besides dependencies. */
  manifest?: Record<string, unknown>;
  files: Record<string, string>;
  /** A TypeScript case: the project's own TypeScript version, or null for none (the SDK's vendored one). */
  ownTypescript?: string | null;
  /** The CLI runs the program (`pulumi up`), or a Node script does (Automation API). */
  runner: "cli" | "automation";
  /** The tickets the program exported, from its stack outputs. */
  tickets(outputs: StackOutputs): ExportedTicket[];
}

/** A CommonJS program, as `pulumi new javascript` lays it out. */
const COMMONJS_PROGRAM = (userId: string) => `"use strict";
const { SignInToken } = require("pulumi-clerk-sign-in-tokens");

const login = new SignInToken("login", { userId: "${userId}", expiresInSeconds: 600 });

exports.url = login.url;
exports.id = login.id;
`;

const oneTicket = (outputs: StackOutputs): ExportedTicket[] => [{ id: outputs.id, url: outputs.url }];

/** A TypeScript program as the template's index.ts grows: typed outputs, both resources. */
const typescriptProgram = (user: string) => `import * as pulumi from "@pulumi/pulumi";
import { SignInToken, SignInTokens } from "pulumi-clerk-sign-in-tokens";

const login: SignInToken = new SignInToken("login", { userId: "${user}", expiresInSeconds: 600 });
const team: SignInTokens = new SignInTokens("team", {
    users: { viewer: "${user}_viewer" },
    defaults: { expiresInSeconds: 900 },
});

export const url: pulumi.Output<string> = login.url;
export const id: pulumi.Output<string> = login.id;
export const teamUrls: pulumi.Output<Record<string, string>> = team.urls;
export const teamIds: pulumi.Output<Record<string, string>> = team.ids;
`;

const typescriptTickets = (outputs: StackOutputs): ExportedTicket[] => [
  { id: outputs.id, url: outputs.url },
  { id: outputs.teamIds?.viewer, url: outputs.teamUrls?.viewer },
];

/** The repo's TypeScript: within the template's "^5.0.0", pinned so that a new release cannot change what a case proves. */
const REPO_TYPESCRIPT = (require("typescript/package.json") as { version: string }).version;

const CASES: InstallCase[] = [
  {
    title: "a TypeScript program as `pulumi new typescript` makes it today (TypeScript 5, nodenext), installed by npm",
    name: "ts-npm",
    manager: "npm",
    // The template's devDependencies: TypeScript ^5, which @pulumi/pulumi's ts-node then
    // type-checks the program with, and @types/node (here the lane's, so that a new
    // @types/node cannot change what this test proves).
    manifest: {
      devDependencies: { ...TYPESCRIPT_TEMPLATE_DEV_DEPENDENCIES, "@types/node": laneTypesNodeVersion(), typescript: REPO_TYPESCRIPT },
    },
    ownTypescript: REPO_TYPESCRIPT,
    files: {
      "Pulumi.yaml": pulumiYaml("ts-npm", "npm"),
      "tsconfig.json": `${JSON.stringify(TYPESCRIPT_TEMPLATE_TSCONFIG, null, 4)}\n`,
      "index.ts": typescriptProgram("user_install_ts"),
    },
    runner: "cli",
    tickets: typescriptTickets,
  },
  {
    title: "a TypeScript program as `pulumi new typescript` made it before 2024-04 (no TypeScript of its own), installed by npm",
    name: "ts-2023-npm",
    manager: "npm",
    // Projects started then still run: with no typescript in package.json, @pulumi/pulumi
    // type-checks the program with its vendored TypeScript 3.8.3 and ts-node 7, which must
    // read the package's declarations.
    manifest: { devDependencies: { "@types/node": laneTypesNodeVersion() } },
    ownTypescript: null,
    files: {
      "Pulumi.yaml": pulumiYaml("ts-2023-npm", "npm"),
      "tsconfig.json": `${JSON.stringify(TYPESCRIPT_TEMPLATE_TSCONFIG_BEFORE_2024, null, 4)}\n`,
      "index.ts": typescriptProgram("user_install_ts_2023"),
    },
    runner: "cli",
    tickets: typescriptTickets,
  },
  {
    title: "a CommonJS JavaScript program (require), installed by npm",
    name: "cjs-npm",
    manager: "npm",
    manifest: { main: "index.js" },
    files: { "Pulumi.yaml": pulumiYaml("cjs-npm", "npm"), "index.js": COMMONJS_PROGRAM("user_install_cjs_npm") },
    runner: "cli",
    tickets: oneTicket,
  },
  {
    title: 'an ES module program ("type": "module", import), installed by npm',
    name: "esm-npm",
    manager: "npm",
    manifest: { type: "module", main: "index.js" },
    files: {
      "Pulumi.yaml": pulumiYaml("esm-npm", "npm"),
      "index.js": `import { SignInToken } from "pulumi-clerk-sign-in-tokens";

const login = new SignInToken("login", { userId: "user_install_esm", expiresInSeconds: 600 });

export const url = login.url;
export const id = login.id;
`,
    },
    runner: "cli",
    tickets: oneTicket,
  },
  {
    title: "a CommonJS program installed by pnpm",
    name: "cjs-pnpm",
    manager: "pnpm",
    manifest: { main: "index.js" },
    files: { "Pulumi.yaml": pulumiYaml("cjs-pnpm", "pnpm"), "index.js": COMMONJS_PROGRAM("user_install_cjs_pnpm") },
    runner: "cli",
    tickets: oneTicket,
  },
  {
    title: "a CommonJS program installed by Yarn classic",
    name: "cjs-yarn",
    manager: "yarn",
    manifest: { main: "index.js" },
    files: { "Pulumi.yaml": pulumiYaml("cjs-yarn", "yarn"), "index.js": COMMONJS_PROGRAM("user_install_cjs_yarn") },
    runner: "cli",
    tickets: oneTicket,
  },
  {
    title: "an Automation API inline program, a Node script run from the project folder, installed by npm",
    name: "automation-npm",
    manager: "npm",
    // No Pulumi.yaml: the inline program's workspace makes its own. No workDir either: the
    // dynamic provider then finds @pulumi/pulumi from the script's working folder.
    files: {
      "deploy.js": `"use strict";
const { writeFileSync } = require("fs");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const { SignInToken } = require("pulumi-clerk-sign-in-tokens");

async function program() {
  const login = new SignInToken("login", { userId: "user_install_automation", expiresInSeconds: 600 });
  return { url: login.url, id: login.id };
}

async function main(command) {
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: "dev", projectName: "automation-npm", program });
  const onOutput = (text) => process.stdout.write(text);
  if (command === "up") {
    await stack.up({ onOutput });
    // For the test to read: the outputs (the URL is a secret) and the state.
    writeFileSync("outputs.json", JSON.stringify(await stack.outputs()), { mode: 0o600 });
    writeFileSync("state.json", JSON.stringify(await stack.exportStack()));
  } else if (command === "destroy") {
    await stack.destroy({ onOutput });
  } else {
    throw new Error("usage: node deploy.js up|destroy");
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
`,
    },
    runner: "automation",
    tickets: oneTicket,
  },
];

let emulator: ClerkEmulator;
const timings: Array<{ case: string; install: string; pulumi: string; total: string }> = [];

beforeAll(async () => {
  // The CLI (built once per version) and pnpm and yarn (installed once) come before the
  // clock of the first case starts.
  await Promise.all([pulumiBinDir(), packageManagersBinDir()]);
  emulator = await startClerkEmulator({
    secretKey: KEY,
    users: [
      "user_install_ts",
      "user_install_ts_viewer",
      "user_install_ts_2023",
      "user_install_ts_2023_viewer",
      "user_install_cjs_npm",
      "user_install_esm",
      "user_install_cjs_pnpm",
      "user_install_cjs_yarn",
      "user_install_automation",
    ],
  });
}, 30 * 60_000);

afterAll(async () => {
  await emulator?.stop();
  if (timings.length > 0) {
    console.log(
      `installs.test.ts, seconds per case (@pulumi/pulumi ${laneSdkVersion()}, Node ${process.version}):\n${timings.map((t) => `  ${t.case}: install ${t.install}, pulumi ${t.pulumi}, total ${t.total}`).join("\n")}`,
    );
  }
});

/** The state's resources, as `pulumi stack export` or `stack.exportStack()` gives them. */
type Deployment = {
  deployment: { resources?: Array<{ type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }> };
};

function expectProviderReferences(state: Deployment, count: number): void {
  const tickets = (state.deployment.resources ?? []).filter((r) => r.type === TICKET_TYPE);
  expect(tickets).toHaveLength(count);
  for (const ticket of tickets) {
    for (const stored of [ticket.inputs?.__provider, ticket.outputs?.__provider]) {
      expect(typeof stored).toBe("string");
      expect(String(stored).match(/require\("[^"]+"\)/g)).toEqual([REFERENCE]);
      expect(String(stored).length).toBeLessThan(400);
    }
  }
}

/** Each exported ticket is one the emulator minted, still pending, with that URL (compared as a boolean). */
function expectPending(tickets: ExportedTicket[]): string[] {
  const ids = tickets.map((t) => String(t.id));
  for (const [i, ticket] of tickets.entries()) {
    expect(ids[i]).toMatch(/^sit_/);
    const held = emulator.token(ids[i]);
    expect(held?.status).toBe("pending");
    expect(typeof ticket.url === "string" && ticket.url === held?.url).toBe(true);
  }
  return ids;
}

describe.each(CASES)("$title", (c) => {
  it(
    "installs, deploys a ticket whose URL is the emulator's, stores the provider by reference, destroy revokes it",
    async () => {
      const started = Date.now();
      const project = await InstalledProject.create({
        name: c.name,
        manager: c.manager,
        manifest: c.manifest,
        files: c.files,
        env: { CLERK_SECRET_KEY: KEY, CLERK_API_URL: emulator.url },
      });
      const pulumiStarted = Date.now();
      try {
        // The install is the layout the case is about, with the lane's SDK.
        expect(project.installedVersion("@pulumi/pulumi")).toBe(laneSdkVersion());
        // As from the template: the project's own TypeScript, or none (the SDK's vendored one).
        if (c.ownTypescript !== undefined) expect(project.installedVersion("typescript")).toBe(c.ownTypescript ?? undefined);
        const real = project.realPackageDir();
        if (c.manager === "pnpm") expect(real).toContain("/node_modules/.pnpm/");
        else expect(real).toBe(project.packageDir());

        let ids: string[];
        if (c.runner === "cli") {
          await project.pulumi(["stack", "init", "dev"]);
          await project.pulumi(["up", "--yes", "--skip-preview"]);
          const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json", "--show-secrets"])).stdout);
          ids = expectPending(c.tickets(outputs));
          expectProviderReferences(JSON.parse((await project.pulumi(["stack", "export"])).stdout), ids.length);
          await project.pulumi(["destroy", "--yes", "--skip-preview"]);
        } else {
          await project.node(["deploy.js", "up"]);
          const outputs = project.readJson<Record<string, { value: unknown; secret: boolean }>>("outputs.json");
          expect(outputs.url?.secret).toBe(true);
          ids = expectPending(c.tickets(Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]))));
          expectProviderReferences(project.readJson<Deployment>("state.json"), ids.length);
          await project.node(["deploy.js", "destroy"]);
        }
        expect(ids.map((id) => emulator.token(id)?.status)).toEqual(ids.map(() => "revoked"));
      } finally {
        project.remove();
        const done = Date.now();
        const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
        timings.push({
          case: c.name,
          install: seconds(pulumiStarted - started),
          pulumi: seconds(done - pulumiStarted),
          total: seconds(done - started),
        });
      }
    },
    10 * 60_000,
  );
});
