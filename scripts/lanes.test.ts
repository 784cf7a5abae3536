import { readFileSync } from "node:fs";
import { join } from "node:path";

/*
 * scripts/lanes.json holds every pinned version; package.json must carry some of them
 * literally (npm reads nothing else). The lower bounds the package declares are exactly
 * what the minimum lane tests.
 */

const root = join(__dirname, "..");
const read = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8"));
const lanes = read("scripts/lanes.json");
const pkg = read("package.json");
const lock = read("package-lock.json");

describe("scripts/lanes.json and package.json", () => {
  it("package.json's devDependencies are the minimum lane's", () => {
    expect(pkg.devDependencies["@pulumi/pulumi"]).toBe(lanes.minimum.pulumiSdk);
    expect(pkg.devDependencies["@types/node"]).toBe(lanes.minimum.typesNode);
    expect(lock.packages["node_modules/@pulumi/pulumi"].version).toBe(lanes.minimum.pulumiSdk);
    expect(lock.packages["node_modules/@types/node"].version).toBe(lanes.minimum.typesNode);
  });

  it("the peer range of @pulumi/pulumi and engines.node start at the minimum lane", () => {
    expect(pkg.peerDependencies["@pulumi/pulumi"]).toBe(`>=${lanes.minimum.pulumiSdk} <4`);
    expect(pkg.engines.node).toBe(`>=${lanes.minimum.node}`);
  });

  it("every lane pins exact versions of Node.js, @pulumi/pulumi, the CLI, @types/node and Pulumi YAML's host", () => {
    for (const pins of Object.values(lanes)) {
      expect(Object.keys(pins as object).sort()).toEqual(["node", "pulumiCli", "pulumiSdk", "pulumiYaml", "typesNode"]);
      for (const version of Object.values(pins as object)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
