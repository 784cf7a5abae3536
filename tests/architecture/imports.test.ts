import { join } from "node:path";
import { type ImportGraph, importCircles, importGraph } from "./import-graph";

/*
 * The layering the README's Development section describes, checked on the import graph
 * (import-graph.ts). Data flows one way: a program's args → validation → the Clerk client →
 * the API; lower layers never import upper ones. Tests may import anything they test.
 */

const REPO_ROOT = join(__dirname, "..", "..");
const graph: ImportGraph = importGraph(REPO_ROOT, ["provider", "emulator", "scripts", "bench", "tests", "examples"]);

const isTest = (file: string) => file.endsWith(".test.ts") || file.startsWith("tests/");
const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);

/** Every import from a non-test file in `from` that `allowed` refuses, as "a → b". */
function violations(from: (file: string) => boolean, allowed: (target: string) => boolean): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph.edges) {
    if (!from(file) || isTest(file)) continue;
    for (const target of targets) if (!allowed(target)) found.push(`${file} → ${target}`);
  }
  return found;
}

function packageViolations(from: (file: string) => boolean, allowed: (specifier: string) => boolean): string[] {
  const found: string[] = [];
  for (const [file, specifiers] of graph.packages) {
    if (!from(file) || isTest(file)) continue;
    for (const specifier of specifiers) if (!allowed(specifier)) found.push(`${file} → ${specifier}`);
  }
  return found;
}

describe("the import graph", () => {
  it("reads the project (a sanity check of the checker itself)", () => {
    expect(graph.edges.get("emulator/index.ts")).toEqual(expect.arrayContaining(["emulator/http/server.ts"]));
    expect(graph.packages.get("provider/clerk/transport.ts")).toEqual(expect.arrayContaining(["undici"]));
  });

  it("has no import circle", () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it("provider/clerk/ (the Clerk client) imports only itself, Node.js, undici and zod: nothing of the Pulumi side", () => {
    expect(violations(under("provider/clerk"), under("provider/clerk"))).toEqual([]);
    expect(packageViolations(under("provider/clerk"), (s) => s.startsWith("node:") || s === "undici" || s === "zod")).toEqual([]);
  });

  it("provider/core/ (the lifecycle, written once) imports only itself and the Clerk client: neither face, nor the compat paths", () => {
    expect(
      violations(under("provider/core"), (t) => under("provider/core")(t) || under("provider/clerk")(t) || t === "provider/version.ts"),
    ).toEqual([]);
  });

  it("the two faces, the dynamic provider and the provider plugin, do not import each other", () => {
    expect(violations(under("provider/dynamic"), (t) => !under("provider/plugin")(t))).toEqual([]);
    expect(violations(under("provider/plugin"), (t) => !under("provider/dynamic")(t))).toEqual([]);
  });

  it("provider/compat/ (the paths 0.1.0 states require) is reached by package.json's exports only, never by an import", () => {
    expect(
      violations(
        (file) => !under("provider/compat")(file),
        (t) => !under("provider/compat")(t),
      ),
    ).toEqual([]);
  });

  it("emulator/types.ts, the public shapes every part of the emulator imports, imports only modules that import nothing", () => {
    const leaves = graph.edges.get("emulator/types.ts") ?? [];
    expect(leaves.filter((file) => (graph.edges.get(file) ?? []).length > 0)).toEqual([]);
  });

  it("emulator/ imports nothing outside itself: its Clerk facts are its own, never the client's", () => {
    expect(violations(under("emulator"), under("emulator"))).toEqual([]);
  });

  it("provider/ (the package) imports no emulator, test, script or benchmark", () => {
    expect(violations(under("provider"), under("provider"))).toEqual([]);
  });
});
