import { execFile, fork } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const REPO_ROOT = join(__dirname, "..", "..");

export interface SerializedProvider {
  /** The text Pulumi writes into the state as `__provider`. */
  text: string;
  containsSecrets: boolean;
}

/**
 * Serializes the provider in a separate Node process with the given environment (so a
 * test can put the secret key there and prove it is not captured), from `cwd` (a program's
 * folder), loading the package from `packageDir`: the copy a project installed, which
 * the state then names by reference; or the repo itself, outside any node_modules, which
 * Pulumi serializes by value.
 */
export async function serializeProvider(options: {
  cwd: string;
  packageDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<SerializedProvider> {
  const { stdout } = await run(process.execPath, [join(__dirname, "serialize-provider.js"), options.packageDir], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as SerializedProvider;
}

type Props = Record<string, unknown>;

/** The provider's methods, run in a separate process as Pulumi runs them. */
export interface ProviderProcess {
  configure(config: Record<string, string | undefined>): Promise<void>;
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures?: Array<{ property: string; reason: string }> }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(
    inputs: Props,
  ): Promise<{ id: string; outs: Props & { token: string; url?: string; urlTemplate?: string; createdAt: string; expiresAt: string } }>;
  read(id: string, props: Props): Promise<{ id?: string; props?: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
  stop(): void;
}

/** An error from the provider process: message plus the typed fields (code, status, traceId…). */
export class ProviderCallError extends Error {
  constructor(readonly fields: Record<string, unknown> & { message: string }) {
    super(fields.message);
    Object.assign(this, fields);
  }
}

/**
 * Loads serialized provider text in a fresh process the way Pulumi's dynamic-provider
 * process does (require-from-string, then `.handler()`), in `cwd`, as the provider process
 * resolves `require`s from the Pulumi project folder.
 */
export async function loadProvider(text: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProviderProcess> {
  const child = fork(join(__dirname, "provider-host.js"), [], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on("message", (msg: { id: number; ok: boolean; result?: unknown; error?: Record<string, unknown> & { message: string } }) => {
    const waiter = pending.get(msg.id);
    pending.delete(msg.id);
    if (!waiter) return;
    if (msg.ok) waiter.resolve(msg.result);
    else waiter.reject(new ProviderCallError(msg.error!));
  });
  child.on("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`provider process exited with ${code}`));
    pending.clear();
  });
  const call = (op: string, ...args: unknown[]): Promise<never> =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });
  await call("load", text);
  return {
    configure: (config) => call("configure", config),
    check: (olds, news) => call("check", olds, news),
    diff: (id, olds, news) => call("diff", id, olds, news),
    create: (inputs) => call("create", inputs),
    read: (id, props) => call("read", id, props),
    update: (id, olds, news) => call("update", id, olds, news),
    delete: (id, props) => call("delete", id, props),
    stop: () => child.kill(),
  };
}
