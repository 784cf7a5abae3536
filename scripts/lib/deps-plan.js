// @ts-check
// What scripts/ensure-deps.sh installs for a test lane: `node scripts/lib/deps-plan.js <lane>`
// prints two lines. The first is the stamp node_modules/.lane-deps must hold for the
// install to count as done (the lane, its pins, the lockfile's hash); the second, the
// packages to install over `npm ci` without saving (the lane's @pulumi/pulumi and
// @types/node where the lockfile has others), or nothing. Run from the repo root.

const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { lanePins } = require("./lane-pins");

/**
 * @param {Record<string, Record<string, string>>} lanes
 * @param {string} lane
 * @param {Buffer} lockText
 * @returns {{ stamp: string, extra: string[] }}
 */
function depsPlan(lanes, lane, lockText) {
  const [sdk, types] = lanePins(lanes, lane, ["pulumiSdk", "typesNode"]);
  /** @type {Record<string, { version?: string }>} */
  const lock = JSON.parse(lockText.toString("utf8")).packages;
  /** @type {Array<[string, string]>} */
  const wanted = [
    ["@pulumi/pulumi", sdk],
    ["@types/node", types],
  ];
  const extra = wanted.filter(([name, version]) => lock[`node_modules/${name}`]?.version !== version).map(([n, v]) => `${n}@${v}`);
  const hash = createHash("sha256").update(lockText).digest("hex");
  return { stamp: `lane=${lane} sdk=${sdk} types=${types} lock=${hash}`, extra };
}

if (require.main === module) {
  const lane = process.argv[2] ?? "minimum";
  try {
    const plan = depsPlan(require("../lanes.json"), lane, readFileSync("package-lock.json"));
    console.log(`${plan.stamp}\n${plan.extra.join(" ")}`);
  } catch (err) {
    console.error(`deps-plan: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

module.exports = { depsPlan };
