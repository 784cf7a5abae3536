#!/usr/bin/env node
// A stand-in for Pulumi's Node.js language host ("pulumi-language-nodejs").
//
// Why this file exists: the Pulumi engine needs a language host next to `pulumi` (or on
// PATH) to install, describe and run a Node.js program. A real Pulumi CLI installation
// brings its own, and scripts/install-pulumi-cli.sh uses that whenever it can. But when
// the CLI has to be built from Go modules, the real host cannot be built: the Go module
// proxy available here does not serve github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3.
// So this file does what the real host does wherever a user would notice: `pulumi install`
// (npm, Yarn classic, pnpm or bun, chosen as the real host chooses), `pulumi about` (the
// runtime and the program's dependencies, read from the lockfile), the plugins a program
// needs, and running programs through the runner that ships in @pulumi/pulumi (cmd/run),
// with the real host's messages.
//
// It needs nothing but Node.js to start: a project without node_modules must still be
// installable, so the gRPC server is the few lines of HTTP/2 and protobuf below rather than
// @grpc/grpc-js from the project. @pulumi/pulumi is needed from the project only to run a
// program, as with the real host.
//
// Protocol: the engine starts `pulumi-language-nodejs [flags] <engineAddress>`, reads the
// port from our first stdout line, then calls pulumirpc.LanguageRuntime (proto/pulumi/
// language.proto) over gRPC. Methods not implemented here answer UNIMPLEMENTED, which the
// engine tolerates for the ones it can do without.
//
// Not done (the real host does): the resource-monitor proxy and the `--sync` pipes it hands
// the program runner (the runner works without them), a pseudo-terminal for installers when
// the CLI runs in one, `.nvmrc`/fnm for `--use-language-version-tools`, debugger attach,
// policy packs and plugins written in Node.js (RunPlugin), `pulumi new` prompts, Link, Pack
// and code generation, and listing a bun project's dependencies.

const childProcess = require("node:child_process");
const fs = require("node:fs");
const http2 = require("node:http2");
const path = require("node:path");

// The version of the CLI this host is installed beside, reported to the engine as ours
// (the real host shares its CLI's version), and the version whose behaviour we follow
// where the real host changed between releases. scripts/install-pulumi-cli.sh fills it
// in when it copies this file there; run from anywhere else, the host reports the
// project's @pulumi/pulumi version.
const CLI_VERSION = "";

// cmd/run exits with this code when it has already shown the error to the user, so the
// engine must not print a second, generic failure.
const EXIT_ALREADY_REPORTED = 32;
// The real host's words when the program's folder has no @pulumi/pulumi.
const SDK_NOT_INSTALLED = "It looks like the Pulumi SDK has not been installed. Have you run pulumi install?";
// How long a program asked to stop (SIGINT) gets before it is killed, as with the real host.
const STOP_GRACE_MS = 5000;

// ---------------------------------------------------------------------------------------
// Command line. Engine flags come Go-style (-v=9, --logtostderr, --tracing <url>); the
// engine address is the last positional argument.

const flags = {};
const positionals = [];
for (let argv = process.argv.slice(2), i = 0; i < argv.length; i++) {
  const m = /^--?([^=]+)(?:=(.*))?$/.exec(argv[i]);
  if (!m) {
    positionals.push(argv[i]);
  } else if (m[2] !== undefined) {
    flags[m[1]] = m[2];
  } else if ((m[1] === "root" || m[1] === "tracing" || m[1] === "runtime") && i + 1 < argv.length) {
    flags[m[1]] = argv[++i];
  } else {
    flags[m[1]] = "true";
  }
}
let engineAddress = positionals[positionals.length - 1] || "";

/** Our version: the CLI's, else the @pulumi/pulumi the project (or this folder) has. */
function hostVersion() {
  if (CLI_VERSION) return CLI_VERSION;
  for (const dir of [process.cwd(), __dirname]) {
    try {
      return JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }), "utf8")).version;
    } catch {
      // try the next folder
    }
  }
  return "0.0.0";
}

/** True if the real host of our version has the behaviour introduced in `version`. */
function since(version) {
  const have = hostVersion().split(/[.-]/).map(Number);
  const want = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((have[i] || 0) !== want[i]) return (have[i] || 0) > want[i];
  }
  return true;
}

if (flags.version === "true") {
  process.stdout.write(`${hostVersion()}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------
// Protobuf wire format, the part the language protocol uses. A decoded message keeps each
// field's raw values (numbers for varints, Buffers for the rest); the accessors read them
// as the schema says. Field numbers are those of proto/pulumi/language.proto and plugin.proto.

class Message {
  constructor(buf = Buffer.alloc(0)) {
    this.fields = new Map();
    let pos = 0;
    const varint = () => {
      let value = 0;
      let scale = 1;
      for (;;) {
        if (pos >= buf.length) throw new Error("truncated protobuf varint");
        const b = buf[pos++];
        value += (b & 0x7f) * scale;
        scale *= 128;
        if (!(b & 0x80)) return value;
      }
    };
    const take = (n) => {
      if (pos + n > buf.length) throw new Error("truncated protobuf field");
      pos += n;
      return buf.subarray(pos - n, pos);
    };
    while (pos < buf.length) {
      const key = varint();
      const wire = key % 8;
      let value;
      if (wire === 0) value = varint();
      else if (wire === 1) value = take(8);
      else if (wire === 2) value = take(varint());
      else if (wire === 5) value = take(4);
      else throw new Error(`unsupported protobuf wire type ${wire}`);
      const field = Math.floor(key / 8);
      if (!this.fields.has(field)) this.fields.set(field, []);
      this.fields.get(field).push(value);
    }
  }
  has(field) {
    return this.fields.has(field);
  }
  last(field) {
    const values = this.fields.get(field);
    return values?.[values.length - 1];
  }
  string(field) {
    const v = this.last(field);
    return Buffer.isBuffer(v) ? v.toString("utf8") : "";
  }
  bool(field) {
    return Boolean(this.last(field));
  }
  int32(field) {
    const v = this.last(field) || 0;
    return v >= 2 ** 63 ? v - 2 ** 64 : v; // negative int32s are sent as 64-bit varints
  }
  message(field) {
    const v = this.last(field);
    return Buffer.isBuffer(v) ? new Message(v) : undefined;
  }
  messages(field) {
    return (this.fields.get(field) || []).map((b) => new Message(b));
  }
  strings(field) {
    return (this.fields.get(field) || []).map((b) => b.toString("utf8"));
  }
  /** A map<string, string> field: repeated entries of key (1) and value (2). */
  stringMap(field) {
    const out = {};
    for (const entry of this.messages(field)) out[entry.string(1)] = entry.string(2);
    return out;
  }
}

/** google.protobuf.Struct as a plain object. */
function structToJs(struct) {
  const out = {};
  for (const entry of struct?.messages(1) || []) out[entry.string(1)] = valueToJs(entry.message(2));
  return out;
}

/** google.protobuf.Value: null (1), number (2), string (3), bool (4), struct (5), list (6). */
function valueToJs(value) {
  if (!value || value.has(1)) return null;
  if (value.has(2)) return value.last(2).readDoubleLE(0);
  if (value.has(3)) return value.string(3);
  if (value.has(4)) return value.bool(4);
  if (value.has(5)) return structToJs(value.message(5));
  if (value.has(6)) return value.message(6).messages(1).map(valueToJs);
  return null;
}

/** Builds a message; proto3 leaves out fields at their default (empty, false, 0). */
class Writer {
  constructor() {
    this.parts = [];
  }
  varint(n) {
    const bytes = [];
    while (n >= 0x80) {
      bytes.push((n % 128) | 0x80);
      n = Math.floor(n / 128);
    }
    bytes.push(n);
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  bytes(field, buf) {
    if (!buf || buf.length === 0) return this;
    this.varint(field * 8 + 2).varint(buf.length);
    this.parts.push(buf);
    return this;
  }
  string(field, s) {
    return s ? this.bytes(field, Buffer.from(String(s), "utf8")) : this;
  }
  bool(field, b) {
    return b ? this.varint(field * 8).varint(1) : this;
  }
  /** An embedded message, written even when empty (its presence can matter). */
  message(field, writer) {
    const buf = writer.finish();
    this.varint(field * 8 + 2).varint(buf.length);
    this.parts.push(buf);
    return this;
  }
  stringMap(field, map) {
    for (const [k, v] of Object.entries(map)) this.message(field, new Writer().string(1, k).string(2, v));
    return this;
  }
  finish() {
    return Buffer.concat(this.parts);
  }
}

// ---------------------------------------------------------------------------------------
// gRPC over cleartext HTTP/2 (what the engine's grpc-go client speaks): each call is a
// POST to /pulumirpc.LanguageRuntime/<Method> carrying one length-prefixed message; the
// answer is length-prefixed messages, then trailers with grpc-status.

const GRPC_UNKNOWN = 2;
const GRPC_UNIMPLEMENTED = 12;

class GrpcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function frame(buf) {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(buf.length, 1);
  return Buffer.concat([head, buf]);
}

/** grpc-message is percent-encoded: bytes outside printable ASCII, and %, become %XX. */
function grpcMessage(text) {
  let out = "";
  for (const b of Buffer.from(text, "utf8")) {
    out += b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * A handler gets the request Message and a call: `call.signal` aborts when the engine
 * cancels the call or goes away; `call.send(writer)` sends one message of a streaming
 * answer. A unary handler returns its answer (a Writer).
 */
function serveCall(methods, stream, headers) {
  // A vanished engine resets the stream; the call's signal tells the handler.
  stream.on("error", () => {});
  const method = methods[String(headers[":path"] || "").replace(/^\/pulumirpc\.LanguageRuntime\//, "")];
  const aborter = new AbortController();
  let finished = false;
  let headersSent = false;
  let trailers = { "grpc-status": "0" };
  stream.on("close", () => {
    if (!finished) aborter.abort();
  });
  const open = () => !stream.destroyed && !stream.closed;
  // The engine can go away between any two of our writes; what it no longer reads is lost.
  const attempt = (write) => {
    try {
      if (open()) write();
    } catch {
      // the stream closed meanwhile: the call's signal has told the handler
    }
  };
  const sendHeaders = () => {
    if (headersSent) return;
    headersSent = true;
    attempt(() => stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true }));
    stream.on("wantTrailers", () => attempt(() => stream.sendTrailers(trailers)));
  };
  const finish = (code, message) => {
    if (finished) return;
    finished = true;
    const status = { "grpc-status": String(code) };
    if (message) status["grpc-message"] = grpcMessage(message);
    if (headersSent) {
      trailers = status;
      attempt(() => stream.end());
    } else {
      // Trailers-only: the status travels in the one HEADERS frame.
      attempt(() => stream.respond({ ":status": 200, "content-type": "application/grpc", ...status }, { endStream: true }));
    }
  };
  const chunks = [];
  stream.on("data", (chunk) => chunks.push(chunk));
  stream.on("end", async () => {
    try {
      if (!method) throw new GrpcError(GRPC_UNIMPLEMENTED, `unknown method ${headers[":path"]}`);
      const body = Buffer.concat(chunks);
      if (body.length >= 5 && body[0] !== 0) throw new GrpcError(GRPC_UNIMPLEMENTED, "compressed messages are not supported");
      const request = new Message(body.subarray(5, 5 + (body.length >= 5 ? body.readUInt32BE(1) : 0)));
      const call = {
        signal: aborter.signal,
        send(writer) {
          sendHeaders();
          attempt(() => stream.write(frame(writer.finish())));
        },
      };
      const answer = await method(request, call);
      if (answer) call.send(answer);
      finish(0);
    } catch (err) {
      finish(err instanceof GrpcError ? err.code : GRPC_UNKNOWN, err instanceof Error ? err.message : String(err));
    }
  });
}

// ---------------------------------------------------------------------------------------
// Files, executables and child processes, with Go's wording where the real host shows it.

/** Like Go's exec.LookPath: the first executable file of that name on PATH. */
function lookPath(name) {
  const candidates = name.includes("/") ? [name] : (process.env.PATH || "").split(path.delimiter).map((dir) => path.join(dir || ".", name));
  for (const file of candidates) {
    try {
      if (fs.statSync(file).isFile()) {
        fs.accessSync(file, fs.constants.X_OK);
        return path.resolve(file);
      }
    } catch {
      // not here
    }
  }
  throw new Error(`exec: "${name}": executable file not found in $PATH`);
}

/** The first `name` in `dir` or a folder above it, as a path; undefined if none. */
function searchUp(dir, name) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, name))) return path.join(current, name);
    if (path.dirname(current) === current) return undefined;
  }
}

const MANIFEST_NAMES = ["package.json", "package.yaml"];
const manifestIn = (dir) => MANIFEST_NAMES.map((name) => path.join(dir, name)).find((file) => fs.existsSync(file));
function searchUpManifest(dir) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const found = manifestIn(current);
    if (found || path.dirname(current) === current) return found;
  }
}

/** A manifest's content; package.yaml (pnpm) is not read by this stand-in. */
function readManifest(file) {
  if (path.basename(file) !== "package.json") throw new Error(`the stand-in language host cannot read ${file}; use package.json`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** How Go's os/exec describes a child that failed: "exit status 1", "signal: killed". */
function exitError(code, signal) {
  const names = { SIGINT: "interrupt", SIGKILL: "killed", SIGTERM: "terminated", SIGHUP: "hangup", SIGABRT: "aborted" };
  return new Error(signal ? `signal: ${names[signal] || signal}` : `exit status ${code}`);
}

/**
 * Runs a command to its end; `onStdout`/`onStderr` get its output as it comes. Aborting
 * `signal` kills it, as Go's exec.CommandContext does.
 */
function runCommand(file, args, { cwd, signal, onStdout, onStderr }) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(file, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const kill = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", kill);
    child.stdout.on("error", () => {});
    child.stderr.on("error", () => {});
    child.stdout.on("data", (d) => onStdout?.(d));
    child.stderr.on("data", (d) => onStderr?.(d));
    child.on("error", (err) => {
      signal?.removeEventListener("abort", kill);
      reject(err);
    });
    child.on("close", (code, sig) => {
      signal?.removeEventListener("abort", kill);
      if (code === 0) resolve();
      else reject(exitError(code, sig));
    });
  });
}

/** A command's trimmed stdout, or "" if it fails. */
async function outputOf(file, args, cwd) {
  let out = "";
  try {
    await runCommand(file, args, { cwd, onStdout: (d) => (out += d) });
    return out.trim();
  } catch {
    return "";
  }
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

// What `fn` returns; a failure reworded as the real host words it in the RPC at hand
// ("failed to parse options: …"): each RPC names the same failure its own way.
function worded(prefix, fn) {
  try {
    return fn();
  } catch (err) {
    throw new Error(`${prefix}: ${err.message}`);
  }
}

// ---------------------------------------------------------------------------------------
// Runtime options (Pulumi.yaml `runtime.options`), checked as the real host checks them.

function parseOptions(options) {
  const opts = { typescript: true, tsconfig: "", nodeargs: "", packagemanager: "auto", production: false };
  if ("typescript" in options) {
    if (typeof options.typescript !== "boolean") throw new Error("typescript option must be a boolean");
    opts.typescript = options.typescript;
  }
  if ("tsconfig" in options) {
    if (typeof options.tsconfig !== "string") throw new Error("tsconfigpath option must be a string");
    opts.tsconfig = options.tsconfig;
  }
  if ("nodeargs" in options) {
    if (typeof options.nodeargs !== "string") throw new Error("nodeargs option must be a string");
    opts.nodeargs = options.nodeargs;
  }
  if ("packagemanager" in options) {
    const pm = options.packagemanager;
    if (typeof pm !== "string") throw new Error("packagemanager option must be a string");
    if (!["auto", "npm", "yarn", "pnpm", "bun"].includes(pm)) {
      throw new Error(`packagemanager option must be one of auto, npm, yarn, pnpm or bun, got ${JSON.stringify(pm)}`);
    }
    opts.packagemanager = pm;
  }
  // `production: true` (skip devDependencies) came with v3.252.0; older hosts ignore it.
  if ("production" in options && since("3.252.0")) {
    if (typeof options.production !== "boolean") throw new Error("production option must be a boolean");
    opts.production = options.production;
  }
  return opts;
}

/** Splits `nodeargs` into words as the real host does (google/shlex): quotes, and backslashes outside single quotes. */
function shellSplit(text) {
  const words = [];
  let word = null;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (c === "\\" && i + 1 < text.length) {
      word = (word ?? "") + text[++i];
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (quote) throw new Error("EOF found when expecting closing quote");
  if (word !== null) words.push(word);
  return words;
}

// ---------------------------------------------------------------------------------------
// Package managers: which one a project uses, how it installs, and what it installed.

const MANAGERS = {
  // --loglevel=error: no warnings about a package.json without description or license.
  npm: { lockFile: "package-lock.json", installArgs: ["install", "--loglevel=error"], productionArg: "--production" },
  yarn: { lockFile: "yarn.lock", installArgs: ["install"], productionArg: "--production" },
  pnpm: { lockFile: "pnpm-lock.yaml", installArgs: ["install", "--use-stderr"], productionArg: "--production" },
  // bun's --production enforces a frozen lockfile, so the real host does not pass it.
  bun: { lockFile: "bun.lock", installArgs: ["install"], productionArg: null },
};

function packageManager(name) {
  let executable;
  try {
    executable = lookPath(name);
  } catch {
    throw new Error(`Could not find \`${name}\` executable.\nInstall ${name} and make sure it is in your PATH.`);
  }
  return { name, executable, ...MANAGERS[name] };
}

/**
 * The real host's choice: the `packagemanager` option unless "auto"; else pnpm for a
 * package.yaml; else Yarn for PULUMI_PREFER_YARN or a yarn.lock, pnpm for a pnpm-lock.yaml,
 * bun for a bun.lock(b), each only if installed (the next is tried otherwise); else npm.
 * Lockfiles count in the folder or any folder above it.
 */
function resolvePackageManager(option, dir) {
  const requiresPnpm = path.basename(searchUpManifest(dir) || "") === "package.yaml";
  if (option !== "auto") {
    if (requiresPnpm && option !== "pnpm") {
      throw new Error(
        `the project's manifest is package.yaml, which is only supported by pnpm, but the runtime package manager is set to ${JSON.stringify(option)}. Use pnpm, or convert package.yaml to package.json`,
      );
    }
    return packageManager(option);
  }
  if (requiresPnpm) {
    try {
      return packageManager("pnpm");
    } catch (err) {
      throw new Error(
        `the project's manifest is package.yaml, which requires pnpm, but pnpm could not be found on the $PATH: ${err.message}`,
      );
    }
  }
  const preferYarn = /^(1|true)$/i.test(process.env.PULUMI_PREFER_YARN || "");
  const candidates = [
    [preferYarn || searchUp(dir, "yarn.lock"), "yarn"],
    [searchUp(dir, "pnpm-lock.yaml"), "pnpm"],
    [searchUp(dir, "bun.lock") || searchUp(dir, "bun.lockb"), "bun"],
  ];
  for (const [wanted, name] of candidates) {
    if (!wanted) continue;
    try {
      return packageManager(name);
    } catch {
      // not installed: the real host logs a warning (only shown with -v) and tries the next
    }
  }
  try {
    return packageManager("npm");
  } catch (err) {
    throw new Error(`could not find npm on the $PATH; npm is installed with Node.js available at https://nodejs.org/: ${err.message}`);
  }
}

/** Turns a workspace glob ("packages/*") into a test of one folder, segment by segment like Go's filepath.Glob. */
function globMatches(root, glob, dir) {
  const relative = path.relative(root, dir).split(path.sep);
  const segments = glob.split("/").filter((s) => s && s !== ".");
  if (relative[0] === ".." || segments.length !== relative.length) return false;
  return segments.every((segment, i) => {
    const pattern = segment
      .replace(/[.+^${}()|\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]");
    return new RegExp(`^${pattern}$`).test(relative[i]);
  });
}

/** The `packages:` list of a pnpm-workspace.yaml (a plain YAML list of strings). */
function pnpmWorkspaceGlobs(file) {
  const globs = [];
  let inPackages = false;
  for (const line of fs.readFileSync(file, "utf8").split(/\r?\n/)) {
    if (/^packages:\s*$/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const m = /^\s+-\s+(['"]?)(.*?)\1\s*$/.exec(line);
      if (m) globs.push(m[2]);
    }
  }
  return globs;
}

/**
 * The root of the npm, Yarn or pnpm workspace the project's package.json belongs to, or
 * undefined: the nearest folder above it whose pnpm-workspace.yaml `packages` or
 * package.json `workspaces` globs name the project's folder.
 */
function findWorkspaceRoot(start) {
  const manifest = searchUpManifest(start);
  if (!manifest) return undefined;
  const projectDir = path.dirname(manifest);
  for (let dir = projectDir; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const own = manifestIn(dir);
    if (!own) continue;
    const pnpmWorkspace = path.join(dir, "pnpm-workspace.yaml");
    if (fs.existsSync(pnpmWorkspace) && pnpmWorkspaceGlobs(pnpmWorkspace).some((g) => globMatches(dir, g, projectDir))) return dir;
    if (path.basename(own) === "package.json") {
      const { workspaces } = JSON.parse(fs.readFileSync(own, "utf8"));
      const globs = Array.isArray(workspaces) ? workspaces : workspaces?.packages || [];
      if (globs.some((g) => globMatches(dir, g, projectDir))) return dir;
    }
  }
  return undefined;
}

/** The package name in a lockfile path: "node_modules/a/node_modules/@s/b" → "@s/b". */
function nameFromLockPath(p) {
  let rest = p.replace(/^node_modules\//, "");
  const nested = rest.lastIndexOf("node_modules/");
  if (nested >= 0) rest = rest.slice(nested + "node_modules/".length);
  const parts = rest.split("/");
  return rest.startsWith("@") && parts.length >= 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The packages a lockfile records, in its order: [{ name, version }]. */
const LOCKFILE_READERS = {
  // v2 and v3 lockfiles: "packages", keyed by install path; v1: nested "dependencies".
  "package-lock.json"(text) {
    const lock = JSON.parse(text);
    if (lock.packages) {
      return Object.entries(lock.packages)
        .filter(([p, entry]) => p !== "" && (entry.version || entry.link))
        .map(([p, entry]) => ({ name: nameFromLockPath(p), version: entry.version || "" }))
        .filter((d) => d.name);
    }
    const walk = (deps) => Object.entries(deps || {}).flatMap(([name, d]) => [{ name, version: d.version || "" }, ...walk(d.dependencies)]);
    return walk(lock.dependencies);
  },
  // Yarn classic: `"name@range", name@range2:` headers with an indented `version "x"`; a
  // package's first entry wins.
  "yarn.lock"(text) {
    const deps = [];
    const seen = new Set();
    let current = null;
    const flush = () => {
      if (current?.name && current.version && !seen.has(current.name)) {
        seen.add(current.name);
        deps.push(current);
      }
    };
    for (const line of text.split("\n")) {
      if (!line || line[0] === "#" || line.startsWith("__metadata:")) continue;
      if (line[0] !== " " && line[0] !== "\t") {
        flush();
        const header = line.replace(/^"/, "");
        const at = header.indexOf("@", header.startsWith("@") ? 1 : 0);
        let name = at > 0 ? header.slice(0, at) : "";
        if (name.includes("@npm:")) name = name.slice(name.indexOf("@npm:") + 5);
        current = { name, version: "" };
      } else if (current) {
        const m = /^\s+version:?\s+"?([^"\s]*)"?/.exec(line);
        if (m) current.version = m[1];
      }
    }
    flush();
    return deps;
  },
  // pnpm: the keys of "packages:" ("name@version", "/name/version" in older lockfiles).
  "pnpm-lock.yaml"(text) {
    const deps = [];
    let inPackages = false;
    for (const line of text.split("\n")) {
      if (line === "packages:") {
        inPackages = true;
        continue;
      }
      if (inPackages && line && line[0] !== " ") break;
      if (!inPackages) continue;
      const m = /^ {2}(['"]?)(.+?)\1:$/.exec(line);
      if (!m || !(m[2].startsWith("/") || m[2].startsWith("@") || m[2].includes("@"))) continue;
      const dep = pnpmKey(m[2]);
      if (dep.name) deps.push(dep);
    }
    return deps;
  },
};

function pnpmKey(raw) {
  const key = raw.replace(/^\//, "");
  const clean = (v) => (v.indexOf("(") > 0 ? v.slice(0, v.indexOf("(")) : v);
  const split = (s, at) => ({ name: s.slice(0, at), version: clean(s.slice(at + 1)) });
  if (key.startsWith("@")) {
    const slash = key.indexOf("/");
    if (slash < 0) return { name: "" };
    const after = key.slice(slash + 1);
    if (after.indexOf("/") > 0) return split(key, slash + 1 + after.indexOf("/"));
    if (after.indexOf("@") > 0) return split(key, slash + 1 + after.indexOf("@"));
    return { name: "" };
  }
  if (key.indexOf("/") > 0) return split(key, key.indexOf("/"));
  if (key.lastIndexOf("@") > 0) return split(key, key.lastIndexOf("@"));
  return { name: "" };
}

/**
 * The program's dependencies as the real host lists them for `pulumi about`: the nearest
 * lockfile of the package manager, every package it records (`--transitive`) or only the
 * package.json dependencies and devDependencies, each once, in the lockfile's order.
 */
function listPackages(pm, dir, transitive) {
  if (pm.name === "bun") {
    if (!searchUp(dir, "bun.lock") && searchUp(dir, "bun.lockb")) {
      throw new Error(
        "binary bun lockfile (bun.lockb) is not supported for listing packages; please upgrade to bun >= 1.2, which uses a text-based lockfile (bun.lock)",
      );
    }
    throw new Error("the stand-in language host cannot list the packages of a bun project");
  }
  const lockFile = searchUp(dir, pm.lockFile);
  if (!lockFile) throw new Error(`no ${pm.lockFile} found (searching upwards from ${dir})`);
  let deps;
  try {
    deps = LOCKFILE_READERS[pm.lockFile](fs.readFileSync(lockFile, "utf8").replace(/\r\n/g, "\n"));
  } catch (err) {
    throw new Error(`could not parse ${lockFile}: ${err.message}`);
  }
  if (transitive) return deps;
  const lockDir = path.dirname(lockFile);
  const manifest = manifestIn(lockDir);
  if (!manifest) throw new Error(`could not find package.json or package.yaml in ${lockDir}`);
  const pkg = readManifest(manifest);
  const direct = new Set([...Object.keys(pkg.dependencies || {}), ...Object.keys(pkg.devDependencies || {})]);
  return deps.filter((d) => direct.delete(d.name));
}

/** Runs the package manager's install in `dir`, streaming its output to the engine. */
async function install(pm, dir, production, out, signal) {
  const args = [...pm.installArgs, ...(production && pm.productionArg ? [pm.productionArg] : [])];
  if (pm.name !== "yarn") {
    await runCommand(pm.executable, args, { cwd: dir, signal, onStdout: out.stdout, onStderr: out.stderr });
    return;
  }
  // Yarn prints warnings ("No license field") on stderr: the real host shows its stderr
  // only when it fails, and tries three times.
  const attempts = 3;
  for (let attempt = 0; ; attempt++) {
    let stderr = Buffer.alloc(0);
    try {
      await runCommand(pm.executable, args, {
        cwd: dir,
        signal,
        onStdout: out.stdout,
        onStderr: (d) => (stderr = Buffer.concat([stderr, d])),
      });
      return;
    } catch (err) {
      out.stderr(stderr);
      if (attempt === attempts - 1 || signal.aborted) {
        throw new Error(`yarn install failed after ${attempts} attempts: ${err.message}`);
      }
      // The real host's back-off; releases before the fix computed 2^attempt as a XOR.
      const seconds = since("3.260.0") ? 2 ** attempt : 2 ^ attempt;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Plugins the program needs: packages under node_modules whose package.json says
// `"pulumi": {"resource": true}` (the real host's GetRequiredPackages).

function requiredPackages(programDir) {
  const packages = [];
  const sdkVersions = new Map(); // package.json path → @pulumi/pulumi version
  const visited = new Set();
  const walk = (dir, inNodeModules) => {
    let real;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = fs.readdirSync(real, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(real, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = fs.statSync(file).isDirectory();
        } catch {
          continue;
        }
      }
      if (isDir) {
        // A nested policy pack's plugins are not the program's.
        if (!fs.existsSync(path.join(file, "PulumiPolicy.yaml"))) walk(file, inNodeModules || path.basename(real) === "node_modules");
      } else if (inNodeModules && entry.name === "package.json") {
        try {
          const info = JSON.parse(fs.readFileSync(file, "utf8"));
          if (info.name === "@pulumi/pulumi" && SEMVER.test(info.version || "")) sdkVersions.set(file, info.version);
          const dep = pluginOf(info);
          if (dep) packages.push(dep);
        } catch {
          // the real host logs such errors (with -v) and goes on
        }
      }
    }
  };
  walk(programDir, false);
  // Like the real host: warn when the program loads @pulumi/pulumi of two major versions.
  const versions = [...sdkVersions.entries()];
  const major = (v) => Number(v.split(".")[0]);
  const other = versions.find(([, v]) => major(v) !== major(versions[0][1]));
  if (other) {
    process.stderr.write(
      `Found incompatible versions of @pulumi/pulumi. Differing major versions are not supported.\n  Version ${versions[0][1]} referenced at ${versions[0][0]}\n  Version ${other[1]} referenced at ${other[0]}\n`,
    );
  }
  return packages;
}

function pluginOf(info) {
  const p = info.pulumi;
  if (!p?.resource) return undefined;
  let name = p.name;
  if (!name) {
    if (!info.name) throw new Error('missing expected "name" property');
    if (!info.name.startsWith("@pulumi/")) throw new Error(`Missing property "name" for the third-party plugin '${info.name}'`);
    name = info.name.slice("@pulumi/".length);
  }
  const version = p.version || info.version;
  if (!version) throw new Error('Missing expected "version" property');
  return {
    name,
    version: version.startsWith("v") ? version : `v${version}`,
    server: p.server || "",
    parameterization: p.parameterization,
  };
}

// ---------------------------------------------------------------------------------------
// Running programs.

/** Programs running now, each with a way to stop it. */
const runs = new Set();

/** The engine's config keys ("proj:key") in the old form ("proj:config:key") the SDK also reads, as the real host sends them. */
function configForProgram(config) {
  const out = {};
  for (const [key, value] of Object.entries(config)) {
    const parts = key.split(":");
    if (parts.length === 2) out[`${parts[0]}:config:${parts[1]}`] = value;
    else if (parts.length === 3 && parts[1] === "config") out[key] = value;
    else throw new Error(`could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
  }
  return JSON.stringify(out);
}

async function run(req, call) {
  const info = programInfo(req.message(14));
  const response = (error, bail) => new Writer().string(1, error).bool(2, bail);
  if (!engineAddress) throw new Error("when debugging or running explicitly, must call Handshake before Run");

  let node;
  try {
    node = lookPath("node");
  } catch (err) {
    return response(`could not find node on the $PATH: ${err.message}`);
  }
  // The runner must come from the program's own @pulumi/pulumi: the SDK keeps
  // per-process state and the program must talk to the same copy.
  let runner;
  try {
    runner = require.resolve(process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run", { paths: [info.programDirectory] });
  } catch (err) {
    return response(err.code === "MODULE_NOT_FOUND" ? `${SDK_NOT_INSTALLED}\n` : `${err.message}\n`);
  }

  let opts;
  let nodeArgs;
  let config;
  try {
    config = configForProgram(req.stringMap(6));
  } catch (err) {
    return response(`failed to serialize configuration: ${err.message}`);
  }
  try {
    opts = parseOptions(info.options);
    nodeArgs = shellSplit(opts.nodeargs);
  } catch (err) {
    return response(err.message);
  }
  const args = [...nodeArgs, runner];
  const flag = (name, value) => value && args.push(`--${name}`, String(value));
  flag("monitor", req.string(9));
  flag("engine", engineAddress);
  flag("organization", req.string(12));
  flag("project", req.string(1));
  flag("root-directory", info.rootDirectory);
  flag("stack", req.string(2));
  flag("pwd", info.programDirectory);
  if (req.bool(7)) args.push("--dry-run");
  flag("parallel", String(req.int32(8)));
  flag("tracing", flags.tracing);
  args.push(info.entryPoint, ...req.strings(5));

  const env = { ...process.env, PULUMI_CONFIG: config, PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.strings(11)) };
  if (opts.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (opts.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = opts.tsconfig;

  // The program's stdout goes straight to ours, which the engine shows as program output;
  // its stderr passes through us so that an out-of-memory crash gets the real host's advice.
  const child = childProcess.spawn(node, args, { env, stdio: ["ignore", "inherit", "pipe"] });
  let outOfMemory = false;
  let tail = "";
  child.stderr.on("error", () => {});
  child.stderr.on("data", (chunk) => {
    process.stderr.write(chunk);
    const text = tail + chunk.toString("utf8");
    if (text.includes("<--- Last few GCs --->") || text.includes("Check failed: needs_context && current_scope_ == closure_scope_"))
      outOfMemory = true;
    tail = text.slice(-200);
  });
  const entry = { stop: () => stopProgram(child) };
  runs.add(entry);
  // The engine cancelled the call or is gone: stop the program, as the real host does.
  call.signal.addEventListener("abort", entry.stop);
  try {
    const code = await new Promise((resolve, reject) => {
      child.on("error", reject);
      // Go reports -1 for a program killed by a signal.
      child.on("close", (exitCode) => resolve(exitCode ?? -1));
    });
    if (code === 0) return response("");
    if (code === EXIT_ALREADY_REPORTED) return response("", true);
    const advice = outOfMemory
      ? ". Detected a possible out of memory error. Consider increasing the memory available to the nodejs process by setting the `nodeargs` runtime option in Pulumi.yaml to `nodeargs: --max-old-space-size=<size>` where `<size>` is the maximum memory in megabytes that can be allocated to nodejs. See https://www.pulumi.com/docs/concepts/projects/project-file/#runtime-options"
      : "";
    return response(`Program exited with non-zero exit code: ${code}${advice}`);
  } catch (err) {
    return response(`Problem executing program (could not run language executor): ${err.message}`);
  } finally {
    runs.delete(entry);
    call.signal.removeEventListener("abort", entry.stop);
  }
}

/** SIGINT first, so the program can finish what it is doing; SIGKILL if it does not. */
function stopProgram(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGINT");
  setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS).unref();
}

// ---------------------------------------------------------------------------------------
// The LanguageRuntime service.

/** pulumirpc.ProgramInfo: root_directory (1), program_directory (2), entry_point (3), options (4). */
function programInfo(msg) {
  const programDirectory = msg?.string(2) || process.cwd();
  return {
    rootDirectory: msg?.string(1) || programDirectory,
    programDirectory,
    entryPoint: msg?.string(3) || ".",
    options: structToJs(msg?.message(4)),
  };
}

const methods = {
  GetPluginInfo: () => new Writer().string(1, hostVersion()),

  // An engine attaching to a host it did not start tells it its address here.
  Handshake(req) {
    engineAddress = req.string(1) || engineAddress;
    return new Writer();
  },

  GetRequiredPackages(req) {
    const answer = new Writer();
    for (const dep of requiredPackages(programInfo(req.message(1)).programDirectory)) {
      const msg = new Writer().string(1, dep.name).string(2, "resource").string(3, dep.version).string(4, dep.server);
      if (dep.parameterization) {
        const { name, version, value } = dep.parameterization;
        msg.message(
          6,
          new Writer()
            .string(1, name)
            .string(2, version)
            .bytes(3, Buffer.from(value || "", "base64")),
        );
      }
      answer.message(1, msg);
    }
    return answer;
  },

  Run: run,

  // Ends every running program, as Ctrl-C in the CLI asks.
  Cancel() {
    for (const entry of runs) entry.stop();
    return new Writer();
  },

  async InstallDependencies(req, call) {
    const info = programInfo(req.message(3));
    const send = (field) => (data) => {
      if (data.length > 0) call.send(new Writer().bytes(field, Buffer.isBuffer(data) ? data : Buffer.from(data)));
    };
    const out = { stdout: send(1), stderr: send(2) };
    out.stdout("Installing dependencies...\n\n");
    let root = info.programDirectory;
    const workspaceRoot = findWorkspaceRoot(root);
    if (workspaceRoot) {
      out.stdout(`Detected workspace root at ${workspaceRoot}\n`);
      root = workspaceRoot;
    }
    const opts = worded("failed to parse options", () => parseOptions(info.options));
    const pm = resolvePackageManager(opts.packagemanager, root);
    await install(pm, root, opts.production, out, call.signal);
    if (!searchUp(root, "node_modules")) throw new Error(`${pm.name} install reported success, but node_modules directory is missing`);
    out.stdout("Finished installing dependencies\n\n");
  },

  async About(req) {
    const info = programInfo(req.message(1));
    const opts = worded("failed to parse options", () => parseOptions(info.options));
    const pm = worded("could not resolve packagemanager", () => resolvePackageManager(opts.packagemanager, info.programDirectory));
    const node = worded('could not find executable "node"', () => lookPath("node"));
    const [nodeVersion, pmVersion, tsVersion] = await Promise.all([
      outputOf(node, ["--version"]),
      outputOf(pm.executable, ["--version"]).then((v) => (SEMVER.test(v) ? v : "")),
      // Since v3.252.0: the TypeScript the program would load, resolved from its folder.
      since("3.252.0") ? outputOf(node, ["-e", "console.log(require('typescript/package.json').version)"], info.programDirectory) : "",
    ]);
    const metadata = { packagemanager: pm.name, packagemanagerVersion: pmVersion };
    if (tsVersion) metadata.typescriptVersion = tsVersion;
    return new Writer().string(1, node).string(2, nodeVersion).stringMap(3, metadata);
  },

  GetProgramDependencies(req) {
    const info = programInfo(req.message(5));
    const opts = worded("failed to parse options", () => parseOptions(info.options));
    const pm = worded("failed to determine package manager", () => resolvePackageManager(opts.packagemanager, info.programDirectory));
    const deps = worded("failed to get node dependencies", () => listPackages(pm, info.programDirectory, req.bool(4)));
    const answer = new Writer();
    for (const dep of deps) answer.message(1, new Writer().string(1, dep.name).string(2, dep.version));
    return answer;
  },
};

// ---------------------------------------------------------------------------------------
// Lifetime. The engine stops us with SIGINT (then SIGKILL) to our process group, which
// holds the programs we started. When the CLI itself is killed, nobody does: but the
// engine gave us a pipe as stdin that it never writes to and holds open until we exit, so
// end-of-file there means the engine is gone, at once and without polling. Programs are
// then stopped as on Cancel, and we exit.

let stopping = false;
function stopEverything() {
  if (stopping) return;
  stopping = true;
  server.close();
  for (const entry of runs) entry.stop();
  const exitWhenIdle = () => (runs.size === 0 ? process.exit(0) : setTimeout(exitWhenIdle, 100));
  exitWhenIdle();
  // A program that ignores SIGINT is killed after the grace period; give up shortly after.
  setTimeout(() => process.exit(0), STOP_GRACE_MS + 1000).unref();
}

function exitWhenEngineGone() {
  let stdin;
  try {
    stdin = fs.fstatSync(0);
  } catch {
    return;
  }
  // Started by hand (a terminal, /dev/null): no engine pipe to watch.
  if (!stdin.isFIFO() && !stdin.isSocket()) return;
  process.stdin.on("error", stopEverything);
  process.stdin.on("end", stopEverything);
  process.stdin.on("close", stopEverything);
  process.stdin.resume();
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    for (const entry of runs) entry.stop();
    process.exit(0);
  });
}
// Our stdout and stderr are pipes to the engine; once it is gone, writing fails.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

const server = http2.createServer();
server.on("stream", (stream, headers) => serveCall(methods, stream, headers));
server.on("session", (session) => session.on("error", () => {}));
server.on("error", (err) => {
  process.stderr.write(`pulumi-language-nodejs: cannot listen: ${err.message}\n`);
  process.exit(1);
});
server.listen(0, "127.0.0.1", () => {
  // The engine reads exactly this line to find us; nothing else may precede it.
  process.stdout.write(`${server.address().port}\n`);
  exitWhenEngineGone();
});
