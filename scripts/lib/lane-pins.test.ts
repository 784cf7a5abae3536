import { depsPlan } from "./deps-plan";
import { lanePins } from "./lane-pins";

/* The pins the shell scripts read (scripts/lib/lane-pins.js, deps-plan.js). */

const LANES = {
  minimum: { node: "20.18.1", pulumiSdk: "3.248.0", pulumiCli: "3.248.0", typesNode: "20.19.43" },
  current: { node: "24.22.3", pulumiSdk: "3.276.0", pulumiCli: "3.274.1", typesNode: "24.19.4" },
};

describe("lanePins", () => {
  it("reads a lane's pins, another lane's with lane.key, and names Node's package for this platform", () => {
    expect(lanePins(LANES, "current", ["pulumiCli", "minimum.pulumiCli", "nodePackage"])).toEqual([
      "3.274.1",
      "3.248.0",
      `node-${process.platform}-${process.arch}`,
    ]);
  });

  it("names an unknown lane, and a pin the lane does not have", () => {
    expect(() => lanePins(LANES, "nightly", ["node"])).toThrow('no lane "nightly" in scripts/lanes.json (lanes: minimum, current)');
    expect(() => lanePins(LANES, "minimum", ["pulumiYaml"])).toThrow("the minimum lane in scripts/lanes.json pins no pulumiYaml");
  });
});

describe("depsPlan", () => {
  const lock = (sdk: string) =>
    Buffer.from(
      JSON.stringify({
        packages: { "node_modules/@pulumi/pulumi": { version: sdk }, "node_modules/@types/node": { version: "20.19.43" } },
      }),
    );

  it("installs nothing over npm ci for the lane the lockfile is, and the lane's own versions for another", () => {
    expect(depsPlan(LANES, "minimum", lock("3.248.0")).extra).toEqual([]);
    expect(depsPlan(LANES, "current", lock("3.248.0")).extra).toEqual(["@pulumi/pulumi@3.276.0", "@types/node@24.19.4"]);
  });

  it("stamps the lane, its pins and the lockfile, so that a change to any one reinstalls", () => {
    const stamp = depsPlan(LANES, "minimum", lock("3.248.0")).stamp;
    expect(stamp).toMatch(/^lane=minimum sdk=3\.248\.0 types=20\.19\.43 lock=[0-9a-f]{64}$/);
    expect(depsPlan(LANES, "minimum", lock("3.249.0")).stamp).not.toBe(stamp);
  });
});
