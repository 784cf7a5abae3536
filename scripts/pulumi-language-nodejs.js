#!/usr/bin/env node
// Minimal Pulumi language host for Node.js programs ("pulumi-language-nodejs").
//
// Why this file exists: the Pulumi engine needs a language host next to `pulumi`
// (or on PATH) to run a Node.js program. A real Pulumi CLI installation brings its
// own, and scripts/install-pulumi-cli.sh uses that whenever it can. But when the CLI
// has to be built from Go modules, the real host cannot be built: the Go module proxy
// available here does not serve github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3.
// So this stand-in implements just what `preview/up/refresh/destroy` need, and leaves
// the actual work to the program runner that ships in @pulumi/pulumi (cmd/run), the
// same runner the real host starts.
//
// Protocol: the engine starts `pulumi-language-nodejs [flags] <engineAddress>`, reads
// the port from our first stdout line, then calls pulumirpc.LanguageRuntime over gRPC.
// Methods not implemented here answer UNIMPLEMENTED, which the engine tolerates.

const childProcess = require("node:child_process");
const path = require("node:path");

// The version of the CLI this host is installed beside, reported to the engine as ours
// (the real host shares its CLI's version). scripts/install-pulumi-cli.sh fills it in
// when it copies this file there; run from anywhere else, the host reports the program's
// @pulumi/pulumi version.
const CLI_VERSION = "";
// cmd/run exits with this code when it has already shown the error to the user,
// so the engine must not print a second, generic failure.
const EXIT_ALREADY_REPORTED = 32;

// Engine flags come Go-style (-v=9, --logtostderr, --tracing <url>, -root=<dir>);
// the engine address is always the last positional argument.
const flags = {};
const positionals = [];
for (let argv = process.argv.slice(2), i = 0; i < argv.length; i++) {
  const m = /^--?([^=]+)(?:=(.*))?$/.exec(argv[i]);
  if (!m) {
    positionals.push(argv[i]);
  } else if (m[2] !== undefined) {
    flags[m[1]] = m[2];
  } else if ((m[1] === "root" || m[1] === "tracing") && i + 1 < argv.length) {
    flags[m[1]] = argv[++i];
  } else {
    flags[m[1]] = "true";
  }
}
let engineAddress = positionals[positionals.length - 1] || "";

// This file is usually a copy in a cache folder, far from any node_modules, so look
// for modules from the project first (the engine starts us in the project folder),
// then from where this script lives (useful when run straight from the repo).
function resolveFrom(id, dirs) {
  const candidates = [...dirs.filter(Boolean), process.cwd(), __dirname];
  for (const dir of candidates) {
    try {
      return require.resolve(id, { paths: [dir] });
    } catch {
      // try the next folder
    }
  }
  return require.resolve(id); // NODE_PATH and friends; throws a clear error if absent
}

let pulumiPkgJson;
try {
  pulumiPkgJson = resolveFrom("@pulumi/pulumi/package.json", [flags.root]);
} catch (e) {
  process.stderr.write(
    "pulumi-language-nodejs: cannot find @pulumi/pulumi from " +
      process.cwd() +
      "; run `npm install` in the project (or set NODE_PATH).\n" +
      e.message +
      "\n",
  );
  process.exit(1);
}
const pulumiDir = path.dirname(pulumiPkgJson);
// Take grpc-js from the same place @pulumi/pulumi gets it, so the service
// definitions and the server come from one copy of the library.
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const languageGrpc = require(path.join(pulumiDir, "proto", "language_grpc_pb"));
const languagePb = require(path.join(pulumiDir, "proto", "language_pb"));
const pluginPb = require(path.join(pulumiDir, "proto", "plugin_pb"));

const children = new Set();

function run(call, callback) {
  const req = call.request;
  const info = req.getInfo();
  const programDir = info?.getProgramDirectory() || req.getPwd() || process.cwd();
  const rootDir = info?.getRootDirectory() || flags.root || programDir;
  // "." tells cmd/run to look for package.json main/exports itself.
  const entryPoint = info?.getEntryPoint() || req.getProgram() || ".";
  const options = info?.getOptions()?.toJavaScript() || {};

  // The runner must come from the program's own @pulumi/pulumi, not ours: the
  // SDK keeps per-process state and the program must talk to the same copy.
  let runner;
  try {
    runner = resolveFrom("@pulumi/pulumi/cmd/run", [programDir, rootDir]);
  } catch (e) {
    callback(null, runResponse({ error: `cannot find @pulumi/pulumi in ${programDir}: ${e.message}` }));
    return;
  }

  const config = {};
  for (const [k, v] of req.getConfigMap().entries()) {
    config[k] = v;
  }

  const args = [
    ...String(options.nodeargs || flags.nodeargs || "")
      .split(/\s+/)
      .filter(Boolean),
    runner,
    `--monitor=${req.getMonitorAddress()}`,
    `--engine=${engineAddress}`,
    `--project=${req.getProject()}`,
    `--stack=${req.getStack()}`,
    `--pwd=${req.getPwd() || programDir}`,
    `--root-directory=${rootDir}`,
  ];
  if (req.getOrganization()) args.push(`--organization=${req.getOrganization()}`);
  if (req.getDryrun()) args.push("--dry-run");
  if (req.getParallel() > 0) args.push(`--parallel=${req.getParallel()}`);
  if (flags.tracing) args.push(`--tracing=${flags.tracing}`);
  args.push(entryPoint, ...req.getArgsList());

  const env = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
  };
  // Like the real host: TypeScript (via ts-node) is on unless Pulumi.yaml says
  // `runtime: {name: nodejs, options: {typescript: false}}`.
  const typescript = options.typescript ?? flags.typescript ?? true;
  if (String(typescript) !== "false") {
    env.PULUMI_NODEJS_TYPESCRIPT = "true";
  }
  // `options: {tsconfig: tsconfig.pulumi.json}` picks the TypeScript config, as with the real host.
  if (options.tsconfig) {
    env.PULUMI_NODEJS_TSCONFIG_PATH = String(options.tsconfig);
  }

  // The program's console output goes straight to our stdout/stderr, which the
  // engine already shows to the user as program output.
  const child = childProcess.spawn(process.execPath, args, {
    cwd: programDir,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.add(child);
  // 'error' and 'exit' can both fire; answer the engine once.
  let answered = false;
  const answer = (result) => {
    children.delete(child);
    if (!answered) {
      answered = true;
      callback(null, runResponse(result));
    }
  };
  child.on("error", (err) => answer({ error: `failed to start node: ${err.message}` }));
  child.on("exit", (code, signal) => {
    if (code === 0) {
      answer({});
    } else if (code === EXIT_ALREADY_REPORTED) {
      answer({ bail: true });
    } else {
      const why = signal ? `was killed by signal ${signal}` : `exited with non-zero exit code: ${code}`;
      answer({ error: `Program ${why}` });
    }
  });
}

function runResponse({ error, bail }) {
  const resp = new languagePb.RunResponse();
  if (error) resp.setError(error);
  if (bail) resp.setBail(true);
  return resp;
}

const handlers = {
  run,
  // Our dynamic provider needs no plugins beyond what the engine already has, and
  // reporting none keeps the engine from trying to download anything.
  getRequiredPlugins(_call, callback) {
    callback(null, new languagePb.GetRequiredPluginsResponse());
  },
  getPluginInfo(_call, callback) {
    const resp = new pluginPb.PluginInfo();
    resp.setVersion(CLI_VERSION || require(pulumiPkgJson).version);
    callback(null, resp);
  },
  // The engine asks on every update, to record which runtime ran the program.
  about(_call, callback) {
    const resp = new languagePb.AboutResponse();
    resp.setExecutable(process.execPath);
    resp.setVersion(process.version);
    callback(null, resp);
  },
};
const service = languageGrpc.LanguageRuntimeService;
if (service.getRequiredPackages && languagePb.GetRequiredPackagesResponse) {
  handlers.getRequiredPackages = (_call, callback) => {
    callback(null, new languagePb.GetRequiredPackagesResponse());
  };
}
if (service.handshake && languagePb.LanguageHandshakeResponse) {
  // Only used when the engine attaches to an already running host; it is also
  // where such an engine tells us its address.
  handlers.handshake = (call, callback) => {
    engineAddress = call.request.getEngineAddress() || engineAddress;
    callback(null, new languagePb.LanguageHandshakeResponse());
  };
}

// Resource registrations can be large; match the generous limits the engine uses.
const maxMessage = 400 * 1024 * 1024;
const server = new grpc.Server({
  "grpc.max_receive_message_length": maxMessage,
  "grpc.max_send_message_length": maxMessage,
});
server.addService(service, handlers);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    process.stderr.write(`pulumi-language-nodejs: cannot listen: ${err.message}\n`);
    process.exit(1);
  }
  // The engine reads exactly this line to find us; nothing else may precede it.
  process.stdout.write(`${port}\n`);
});

// The engine stops us with a signal; take running programs down with us so no
// orphaned node process keeps talking to a dead resource monitor.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    for (const child of children) child.kill(sig);
    server.forceShutdown();
    process.exit(0);
  });
}
