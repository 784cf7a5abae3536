import { readFileSync } from "node:fs";

/*
 * Reads a V8 .cpuprofile (Chrome DevTools format) and sums its samples: self time by
 * function and by area (the package's files, each npm package, Node's module loader, …),
 * and inclusive time of every function of the package's own files.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeEntry {
  name: string;
  ms: number;
}

export interface ProfileSummary {
  /** From the profile's start to its end. */
  wallMs: number;
  /** Samples not idle: JavaScript, native code, GC, and `(program)` (V8's own work). */
  busyMs: number;
  selfByArea: TimeEntry[];
  selfByFunction: TimeEntry[];
  /** Inclusive time of the package's functions, by `function (file:line)`. */
  packageInclusive: TimeEntry[];
  /** Inclusive time of named concerns (module loading, zod, undici, logging, …). */
  concerns: TimeEntry[];
  /** Module loading by the file whose `require` started it (the outermost one on the stack). */
  loadingByRequirer: TimeEntry[];
}

const PACKAGE_DIR = "/pulumi-clerk-sign-in-tokens/dist/";

function fileOf(url: string): string {
  return url.startsWith("file://") ? decodeURIComponent(url.slice("file://".length)) : url;
}

/** Where a frame's code lives, for the self-time table. */
export function areaOf(frame: CallFrame): string {
  const { functionName, url } = frame;
  if (url === "" && /^\((idle|program|garbage collector|root)\)$/.test(functionName)) return functionName;
  const file = fileOf(url);
  const inPackage = file.indexOf(PACKAGE_DIR);
  if (inPackage >= 0) return `package: ${file.slice(inPackage + PACKAGE_DIR.length)}`;
  const modules = file.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const parts = file.slice(modules + "/node_modules/".length).split("/");
    return `npm: ${parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (file.startsWith("node:internal/modules") || file === "node:internal/bootstrap/realm") return "node: module loading";
  if (file.startsWith("node:")) return "node: other";
  if (file === "") return "native (V8 builtins, no file)";
  return `other: ${file}`;
}

function frameName(frame: CallFrame): string {
  const file = fileOf(frame.url);
  const inPackage = file.indexOf(PACKAGE_DIR);
  const shortFile =
    inPackage >= 0
      ? file.slice(inPackage + PACKAGE_DIR.length)
      : file.includes("/node_modules/")
        ? file.slice(file.lastIndexOf("/node_modules/") + 14)
        : file;
  return `${frame.functionName || "(anonymous)"} (${shortFile || "native"}${frame.url ? `:${frame.lineNumber + 1}` : ""})`;
}

function isLoad(frame: CallFrame): boolean {
  return frame.url === "node:internal/modules/cjs/loader" && frame.functionName === "Module._load";
}

function isLoaderFrame(frame: CallFrame): boolean {
  return frame.url.startsWith("node:internal/modules/") || (frame.url === "" && frame.functionName === "");
}

/** The file that called require: the package's file, an npm package's file, or Node's own. */
function requirerName(frame: CallFrame): string {
  const file = fileOf(frame.url);
  const inPackage = file.indexOf(PACKAGE_DIR);
  if (inPackage >= 0) return `package: ${file.slice(inPackage + PACKAGE_DIR.length)}`;
  const modules = file.lastIndexOf("/node_modules/");
  return modules >= 0 ? file.slice(modules + "/node_modules/".length) : file || "(native)";
}

/** Concerns summed inclusively: a sample counts once for a concern whatever the depth. */
const CONCERNS: Array<{ name: string; test: (f: CallFrame) => boolean }> = [
  {
    name: "module loading (require, any)",
    test: (f) => f.url === "node:internal/modules/cjs/loader" && /^(Module\._load|require)$/.test(f.functionName),
  },
  { name: "provider text loading (require-from-string)", test: (f) => f.url.includes("/node_modules/require-from-string/") },
  {
    name: "provider methods (check, diff, create, delete, …)",
    test: (f) =>
      f.url.endsWith("/dist/provider/dynamic/provider.js") && /^(configure|check|diff|create|read|update|delete)$/.test(f.functionName),
  },
  {
    name: "input validation (validateInputs)",
    test: (f) => f.url.endsWith("/dist/provider/core/validation.js") && f.functionName === "validateInputs",
  },
  {
    name: "zod schema building (buildSchema, *Schema)",
    test: (f) => /\/dist\/provider\/(validation|clerk\/schemas)\.js$/.test(f.url) && /^build\w*Schema$/.test(f.functionName),
  },
  {
    name: "settings resolution (resolveSettings)",
    test: (f) => f.url.endsWith("/dist/provider/core/settings.js") && f.functionName === "resolveSettings",
  },
  {
    name: "client creation (new ClerkClient)",
    test: (f) => f.url.endsWith("/dist/provider/clerk/client.js") && f.functionName === "ClerkClient",
  },
  {
    name: "answer check (checkAnswer)",
    test: (f) => f.url.endsWith("/dist/provider/clerk/contract-check.js") && f.functionName === "checkAnswer",
  },
  {
    name: "HTTP exchange (transport exchange)",
    test: (f) => f.url.endsWith("/dist/provider/clerk/transport.js") && f.functionName === "exchange",
  },
  { name: "zod (any)", test: (f) => f.url.includes("/node_modules/zod/") },
  { name: "undici (any)", test: (f) => f.url.includes("/node_modules/undici/") },
  { name: "gRPC (@grpc/grpc-js)", test: (f) => f.url.includes("/node_modules/@grpc/grpc-js/") },
  {
    name: "protobuf (google-protobuf, generated *_pb.js)",
    test: (f) => f.url.includes("/node_modules/google-protobuf/") || /_pb\.js$/.test(f.url),
  },
  {
    name: "console output (console.log/error)",
    test: (f) => f.url === "node:internal/console/constructor" && /^(log|error|warn|info)$/.test(f.functionName),
  },
  {
    name: "source maps (source-map-support)",
    test: (f) => f.url.includes("/node_modules/source-map-support/") || f.url.includes("/node_modules/source-map/"),
  },
];

export function summarizeProfile(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfArea = new Map<string, number>();
  const selfFunction = new Map<string, number>();
  const packageInclusive = new Map<string, number>();
  const concerns = new Map<string, number>();
  const loadingByRequirer = new Map<string, number>();
  let busyUs = 0;

  // timeDeltas[i] is the time before sample i; the time of sample i is the next delta.
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const leaf = byId.get(profile.samples[i]);
    if (!leaf || us <= 0) continue;
    const area = areaOf(leaf.callFrame);
    selfArea.set(area, (selfArea.get(area) ?? 0) + us);
    if (area === "(idle)") continue;
    busyUs += us;
    const fn = frameName(leaf.callFrame);
    selfFunction.set(fn, (selfFunction.get(fn) ?? 0) + us);
    const seenPackage = new Set<string>();
    const seenConcern = new Set<string>();
    let requirer: string | undefined;
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const frame = frameOf(byId, id);
      if (frame.url.includes(PACKAGE_DIR)) seenPackage.add(frameName(frame));
      for (const concern of CONCERNS) if (concern.test(frame)) seenConcern.add(concern.name);
      if (isLoad(frame)) {
        // The nearest frame above the loader's own frames is the file that called require.
        let caller = parent.get(id);
        while (caller !== undefined && isLoaderFrame(frameOf(byId, caller))) caller = parent.get(caller);
        requirer = caller === undefined ? "(start-up)" : requirerName(frameOf(byId, caller));
      }
    }
    if (requirer !== undefined) loadingByRequirer.set(requirer, (loadingByRequirer.get(requirer) ?? 0) + us);
    for (const name of seenPackage) packageInclusive.set(name, (packageInclusive.get(name) ?? 0) + us);
    for (const name of seenConcern) concerns.set(name, (concerns.get(name) ?? 0) + us);
  }

  const sorted = (map: Map<string, number>): TimeEntry[] =>
    [...map.entries()].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: busyUs / 1000,
    selfByArea: sorted(selfArea),
    selfByFunction: sorted(selfFunction),
    packageInclusive: sorted(packageInclusive),
    concerns: CONCERNS.map((c) => ({ name: c.name, ms: (concerns.get(c.name) ?? 0) / 1000 })),
    loadingByRequirer: sorted(loadingByRequirer),
  };
}

/** The call frame of a node the profile's own parent links name: always present. */
function frameOf(byId: Map<number, ProfileNode>, id: number): CallFrame {
  const node = byId.get(id);
  if (node === undefined) throw new Error(`the profile names node ${id} but does not hold it`);
  return node.callFrame;
}
