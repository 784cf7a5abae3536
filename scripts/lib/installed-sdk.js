// @ts-check
// The @pulumi/pulumi a script will use: `node scripts/lib/installed-sdk.js <folder>...`
// prints its version and its folder on two lines, resolved from the first folder that
// reaches one (as `require` would from there). Exits 1 when none does.

const { dirname } = require("node:path");

/**
 * @param {string[]} from
 * @returns {{ version: string, dir: string }}
 */
function installedSdk(from) {
  const manifest = require.resolve("@pulumi/pulumi/package.json", { paths: from });
  return { version: require(manifest).version, dir: dirname(manifest) };
}

if (require.main === module) {
  try {
    const { version, dir } = installedSdk(process.argv.slice(2));
    console.log(`${version}\n${dir}`);
  } catch {
    process.exit(1);
  }
}

module.exports = { installedSdk };
