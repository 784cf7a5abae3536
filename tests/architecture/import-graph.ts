import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import * as ts from "typescript";

/*
 * The project's import graph, as the TypeScript compiler reads it: every `import`,
 * `import type`, `export … from`, `import()` and `require()` of every source file, with
 * relative specifiers resolved to files of the repo. Type-only imports count: a circle of
 * types is still a circle a reader has to untangle.
 */

export interface ImportGraph {
  /** Repo-relative file → the repo-relative files it imports. */
  edges: Map<string, string[]>;
  /** Repo-relative file → the package specifiers it imports (`node:fs`, `zod`, `@pulumi/pulumi/provider`). */
  packages: Map<string, string[]>;
}

const SOURCE = /\.(ts|js)$/;
const SKIPPED = new Set(["node_modules", "dist", ".git", "fixtures", "results", "sdk"]);

export function importGraph(repoRoot: string, folders: string[]): ImportGraph {
  const edges = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  for (const file of folders.flatMap((folder) => sourceFiles(join(repoRoot, folder)))) {
    const from = relative(repoRoot, file).split(sep).join("/");
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const local: string[] = [];
    const external: string[] = [];
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) {
        external.push(fileName);
        continue;
      }
      const target = resolveLocal(resolve(dirname(file), fileName));
      if (target !== undefined) local.push(relative(repoRoot, target).split(sep).join("/"));
    }
    edges.set(from, [...new Set(local)]);
    packages.set(from, [...new Set(external)]);
  }
  return { edges, packages };
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** `./x` → x.ts, x.js, x/index.ts; `./x.js` written for x.ts (ES module style) → x.ts. */
function resolveLocal(base: string): string | undefined {
  const candidates = [base, `${base}.ts`, `${base}.js`, join(base, "index.ts"), base.replace(/\.js$/, ".ts")];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** Every import circle: the strongly connected components with more than one file, or a file importing itself. */
export function importCircles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative enough for a repo of a few hundred files.
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string): void => {
    indices.set(file, index);
    lowLinks.set(file, index);
    index++;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.edges.get(file) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(file, Math.min(lowLinks.get(file) as number, lowLinks.get(next) as number));
      } else if (onStack.has(next)) {
        lowLinks.set(file, Math.min(lowLinks.get(file) as number, indices.get(next) as number));
      }
    }
    if (lowLinks.get(file) === indices.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (graph.edges.get(file) ?? []).includes(file)) circles.push(component.sort());
    }
  };
  for (const file of graph.edges.keys()) if (!indices.has(file)) visit(file);
  return circles;
}
