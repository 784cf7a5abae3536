/**
 * `node dist/bench/per-call-timings.js <projectDir> <bare-provider.js>`, started by bench/profile.ts with the
 * emulator's key and URL in its environment: times the pieces of the package's create and
 * revoke paths by calling them directly, in a fresh process (so first calls pay for module
 * loading as in the provider process), from the copy of the package installed in the
 * project. Prints one JSON object on stdout. No engine, no gRPC: only the provider's code
 * and the HTTP round trip to the emulator.
 */
import { join } from "node:path";

const [projectDir, bareProviderFile] = process.argv.slice(2);
const CALLS = Number(process.env.BENCH_PER_CALL_CALLS ?? 200);

interface Timing {
  /** The first call, in ms (module loading and lazy set-up included). */
  firstMs: number;
  /** Mean of the following calls, in ms. */
  meanMs: number;
  calls: number;
}

async function time(calls: number, fn: (i: number) => unknown): Promise<Timing> {
  let started = performance.now();
  await fn(0);
  const firstMs = performance.now() - started;
  started = performance.now();
  for (let i = 1; i <= calls; i++) await fn(i);
  return { firstMs, meanMs: (performance.now() - started) / calls, calls };
}

type Provider = {
  check(olds: object, news: object): Promise<{ inputs: Record<string, unknown> }>;
  create(inputs: object): Promise<{ id: string; outs: object }>;
  delete(id: string, props?: object): Promise<void>;
};

async function main(): Promise<void> {
  const dist = join(projectDir, "node_modules", "pulumi-clerk-sign-in-tokens", "dist", "provider");
  const out: Record<string, Timing> = {};
  const raw = { __provider: "exports.handler = …", userId: "user_bench", expiresInSeconds: 3600 };

  // The dynamic-provider process has @pulumi/pulumi loaded before it loads the provider.
  require(require.resolve("@pulumi/pulumi", { paths: [projectDir] }));
  const started = performance.now();
  const provider = require(join(dist, "stored-provider.js")) as Provider;
  out["require stored-provider.js (once per process)"] = { firstMs: performance.now() - started, meanMs: NaN, calls: 0 };

  const { validateInputs } = require(join(dist, "core", "validation.js")) as { validateInputs: (raw: object) => unknown };
  out["validateInputs (check)"] = await time(CALLS * 10, () => validateInputs(raw));
  const { resolveSettings } = require(join(dist, "core", "settings.js")) as { resolveSettings: (s: object) => object };
  out.resolveSettings = await time(CALLS * 10, () => resolveSettings({ env: process.env }));
  const { ClerkClient } = require(join(dist, "clerk", "client.js")) as { ClerkClient: new (s: object, o: object) => object };
  const settings = resolveSettings({ env: process.env });
  out["new ClerkClient (key hash, pacer lookup)"] = await time(CALLS * 10, () => new ClerkClient(settings, {}));
  const { signInTokenSchema } = require(join(dist, "clerk", "schemas.js")) as { signInTokenSchema: () => { parse(v: unknown): unknown } };
  const answer = {
    object: "sign_in_token",
    id: "sit_x",
    status: "pending",
    user_id: "user_bench",
    token: "t",
    url: "u",
    created_at: 1,
    updated_at: 1,
  };
  out["answer check (signInTokenSchema().parse)"] = await time(CALLS * 10, () => signInTokenSchema().parse(answer));

  const { inputs } = await provider.check({}, raw);
  out["provider.check (whole)"] = await time(CALLS * 10, () => provider.check({}, raw));
  const ids: string[] = [];
  out["provider.create (whole, HTTP included)"] = await time(CALLS, async () => ids.push((await provider.create(inputs)).id));
  out["provider.delete (whole, HTTP included)"] = await time(CALLS, async (i) => provider.delete(ids[i]));

  const { BareSignInTokenProvider } = require(bareProviderFile) as { BareSignInTokenProvider: new () => Provider };
  const bare = new BareSignInTokenProvider();
  const bareIds: string[] = [];
  out["bare create (fetch, HTTP included)"] = await time(CALLS, async () => bareIds.push((await bare.create(inputs)).id));
  out["bare delete (fetch, HTTP included)"] = await time(CALLS, async (i) => bare.delete(bareIds[i]));
  process.stdout.write(JSON.stringify(out));
}

main().then(
  () => process.exit(0), // the keep-alive pools would keep the process waiting
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
