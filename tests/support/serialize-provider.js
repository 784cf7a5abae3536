// Serializes the SignInToken provider exactly as `new SignInToken(...)` does in a Pulumi
// program: Pulumi's closure serializer, run in a plain Node process on the compiled package
// (jest's module registry would change what the serializer sees). Prints the text on stdout.
const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
const { SignInTokenProvider } = require("../../dist/provider/provider.js");

const provider = new SignInTokenProvider();
serializeFunction(() => provider, { allowSecrets: true }).then(
  (sf) => process.stdout.write(JSON.stringify({ text: sf.text, containsSecrets: sf.containsSecrets })),
  (err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err));
    process.exit(1);
  },
);
