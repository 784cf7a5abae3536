import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathTheProjectSees, STORED_PROVIDER_PATH } from "./provider-reference";

/*
 * Where the state's reference comes from: the path through which the project sees the
 * stored-provider file. Real layouts in a temporary folder: npm's, pnpm's, a link.
 */

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "clerk-layout-")));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function file(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "");
  return path;
}

const PKG = "pulumi-clerk-sign-in-tokens";

it("npm and yarn: the real path already reads node_modules/<package>/…, no stand-in", () => {
  const real = file(join(root, "project", "node_modules", PKG, STORED_PROVIDER_PATH));
  expect(pathTheProjectSees(real, join(root, "project"))).toBeUndefined();
});

it("pnpm: the path through the project's node_modules/<package> link", () => {
  const store = join(root, "project", "node_modules", ".pnpm", `${PKG}@0.2.0_abc`, "node_modules", PKG);
  const real = file(join(store, STORED_PROVIDER_PATH));
  symlinkSync(store, join(root, "project", "node_modules", PKG));
  // Wherever the program runs from (an Automation API script's folder, say).
  expect(pathTheProjectSees(real, root)).toBe(join(root, "project", "node_modules", PKG, STORED_PROVIDER_PATH));
});

it("a linked package (npm link, file: dependency): the link in the working folder's node_modules", () => {
  const real = file(join(root, "checkout", STORED_PROVIDER_PATH));
  mkdirSync(join(root, "project", "node_modules"), { recursive: true });
  symlinkSync(join(root, "checkout"), join(root, "project", "node_modules", PKG));
  expect(pathTheProjectSees(real, join(root, "project"))).toBe(join(root, "project", "node_modules", PKG, STORED_PROVIDER_PATH));
});

it("no link leads to the file: none (the provider is then serialized by value)", () => {
  const real = file(join(root, "checkout", STORED_PROVIDER_PATH));
  expect(pathTheProjectSees(real, join(root, "elsewhere"))).toBeUndefined();
  // A node_modules/<package> that is another copy does not count.
  file(join(root, "elsewhere", "node_modules", PKG, STORED_PROVIDER_PATH));
  expect(pathTheProjectSees(real, join(root, "elsewhere"))).toBeUndefined();
});
