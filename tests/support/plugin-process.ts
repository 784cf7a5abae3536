import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/*
 * The provider plugin as the engine runs it: its executable started in a process of its own,
 * its port read from its first line, then spoken to over gRPC with Pulumi's own client and
 * messages (@pulumi/pulumi/proto). No engine is involved, so a test can send exactly the
 * requests the engine sends and read exactly what the plugin answers.
 */

type Props = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: the generated protobuf classes have no TypeScript types here.
type Message = any;

const providerPb = require("@pulumi/pulumi/proto/provider_pb") as Record<string, new () => Message> & {
  DiffResponse: { DiffChanges: Record<string, number> };
};
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderClient: new (address: string, credentials: unknown) => Record<string, (...args: unknown[]) => void>;
};
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] })) as typeof import("@grpc/grpc-js");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: Props): Message } };

export const DIFF_CHANGES = providerPb.DiffResponse.DiffChanges;

export interface PluginProcess {
  /** Everything the plugin printed after its port line, stdout and stderr. */
  output(): string;
  getSchema(): Promise<string>;
  configure(args: Props): Promise<void>;
  check(urn: string, news: Props, olds?: Props): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }>;
  diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: number; replaces: string[] }>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  read(urn: string, id: string, properties: Props): Promise<{ id: string; properties: Props }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: Props): Promise<void>;
  stop(): Promise<void>;
  /** Closes the plugin's stdin, as the engine's end does when the engine dies; resolves with the exit code. */
  closeStdin(): Promise<number | null>;
}

export async function startPlugin(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<PluginProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(command, args, { env });
  let output = "";
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream.on("error", () => undefined);
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    lines.on("line", (line) => (output += `${line}\n`));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port:\n${output}`)));
  });
  const client = new ResourceProviderClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());
  const call = <T>(method: string, request: Message): Promise<T> =>
    new Promise((resolve, reject) => client[method](request, (err: Error | null, response: T) => (err ? reject(err) : resolve(response))));
  const struct = (props: Props) => Struct.fromJavaScript(props);
  /** A request message of `name`, each field set by its setter (`{ Urn: … }` calls `setUrn(…)`). */
  const request = (name: string, fields: Record<string, unknown> = {}) => {
    const r = new providerPb[name]();
    for (const [field, value] of Object.entries(fields)) r[`set${field}`](value);
    return r;
  };
  return {
    output: () => output,
    async getSchema() {
      const response = await call<Message>("getSchema", request("GetSchemaRequest"));
      return response.getSchema();
    },
    async configure(args) {
      await call("configure", request("ConfigureRequest", { Args: struct(args), Acceptsecrets: true }));
    },
    async check(urn, news, olds = {}) {
      const response = await call<Message>("check", request("CheckRequest", { Urn: urn, Olds: struct(olds), News: struct(news) }));
      const failures = response.getFailuresList().map((f: Message) => ({ property: f.getProperty(), reason: f.getReason() }));
      return { inputs: response.getInputs()?.toJavaScript() ?? {}, failures };
    },
    async diff(urn, id, olds, news) {
      const response = await call<Message>("diff", request("DiffRequest", { Urn: urn, Id: id, Olds: struct(olds), News: struct(news) }));
      return { changes: response.getChanges(), replaces: response.getReplacesList() };
    },
    async create(urn, properties) {
      const response = await call<Message>("create", request("CreateRequest", { Urn: urn, Properties: struct(properties) }));
      return { id: response.getId(), properties: response.getProperties().toJavaScript() };
    },
    async read(urn, id, properties) {
      const response = await call<Message>("read", request("ReadRequest", { Urn: urn, Id: id, Properties: struct(properties) }));
      return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
    },
    async update(urn, id, olds, news) {
      const response = await call<Message>(
        "update",
        request("UpdateRequest", { Urn: urn, Id: id, Olds: struct(olds), News: struct(news) }),
      );
      return { properties: response.getProperties().toJavaScript() };
    },
    async delete(urn, id, properties) {
      await call("delete", request("DeleteRequest", { Urn: urn, Id: id, Properties: struct(properties) }));
    },
    closeStdin() {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.stdin.end();
      return exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      (client as unknown as { close(): void }).close();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
