// Serializes the SignInToken provider exactly as `new SignInToken(...)` does in a Pulumi
// program: Pulumi's closure serializer, in a plain Node process (jest's module registry would
// change what the serializer sees), with the working folder of a program. Prints the text.
// Usage: serialize-provider.js <folder of the package to load>
const { join } = require("node:path");
const { serializeFunction } = require(require.resolve("@pulumi/pulumi/runtime/closure/serializeClosure", { paths: [process.cwd()] }));
const { storedProviderReference } = require(join(process.argv[2], "dist", "provider", "dynamic", "provider-reference.js"));

const provider = storedProviderReference();
serializeFunction(() => provider, { allowSecrets: true }).then(
  (sf) => process.stdout.write(JSON.stringify({ text: sf.text, containsSecrets: sf.containsSecrets })),
  (err) => {
    process.stderr.write(String(err?.stack ? err.stack : err));
    process.exit(1);
  },
);
