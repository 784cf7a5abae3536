import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./version";

test("the User-Agent and the plugin name this package at the version package.json declares", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));
  expect(PACKAGE_NAME).toBe(pkg.name);
  expect(PACKAGE_VERSION).toBe(pkg.version);
});
