// Serves the clerk provider plugin: the npm package's plugin entry starts the gRPC server the
// engine talks to. Pulumi's plugin runner hands it the engine's address in process.argv.
require("pulumi-clerk-sign-in-tokens/plugin");
