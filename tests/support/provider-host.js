// A stand-in for Pulumi's dynamic-provider process: loads serialized provider text with
// require-from-string (as @pulumi/pulumi/cmd/dynamic-provider does) and runs the methods
// the parent asks for over IPC. A separate process, because the provider reads the real
// process.env and requires modules from the working directory, which jest would sandbox.
const path = require("node:path");
// From @pulumi/pulumi's own dependencies, as its dynamic-provider process loads it.
const requireFromString = require(require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi")] }));

let provider;

function plainError(err) {
  const out = { message: String(err?.message), name: err?.name };
  for (const key of ["code", "status", "traceId", "setting", "attempts", "reason", "errors", "retryAfterSeconds", "email", "userIds"]) {
    if (err && err[key] !== undefined) out[key] = err[key];
  }
  return out;
}

const ops = {
  load(text) {
    provider = requireFromString(text, path.join(process.cwd(), "__provider.js")).handler();
  },
  configure(values) {
    const get = (key) => values[key];
    return provider.configure({ config: { get, require: (key) => get(key) } });
  },
};

process.on("message", async ({ id, op, args }) => {
  try {
    const fn = ops[op] ?? ((...a) => provider[op](...a));
    const result = await fn(...args);
    process.send({ id, ok: true, result });
  } catch (err) {
    process.send({ id, ok: false, error: plainError(err) });
  }
});
