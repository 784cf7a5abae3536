#!/usr/bin/env node
// Ends Pulumi plugin processes whose engine is gone: what a `pulumi` CLI leaves behind when
// it is killed (SIGKILL, an OOM kill, a runner that lost its job) before it could stop its
// plugins. Pulumi's dynamic-provider process (`pulumi-resource-pulumi-nodejs`, which runs
// `@pulumi/pulumi/cmd/dynamic-provider`) does not watch its engine and stays, ~100-120 MB,
// until someone ends it; on a self-hosted runner, run this after each job (or on a timer).
//
//   node scripts/kill-orphaned-plugins.js [--dry-run] [--under <dir>]... [--grace <seconds>]
//
// A process is ended only if all of these hold:
//   - it is a Pulumi plugin or program: its command is a pulumi-resource-*, pulumi-language-*,
//     pulumi-analyzer-*, pulumi-converter-* or pulumi-tool-* executable (or a script of that
//     name run by an interpreter), or a @pulumi/pulumi/cmd/{dynamic-provider,run,run-plugin,
//     run-policy-pack} script;
//   - no process above it is a `pulumi` CLI (the engine lives in the CLI);
//   - the engine address it was started with (its last host:port argument, or --engine)
//     no longer accepts connections;
//   - with --under: its working folder is one of those folders or inside one (a runner's
//     work folder), so that nothing else on the machine is touched.
// Each is sent SIGTERM, and SIGKILL if still there after the grace period (default 5 s).
// Prints one line per process ended (or, with --dry-run, that would be). Linux (/proc) and
// macOS (ps, lsof).

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");

function usage(message) {
  process.stderr.write(`${message}\nusage: kill-orphaned-plugins.js [--dry-run] [--under <dir>]... [--grace <seconds>]\n`);
  process.exit(2);
}

const options = { dryRun: false, under: [], graceMs: 5000 };
for (let argv = process.argv.slice(2), i = 0; i < argv.length; i++) {
  if (argv[i] === "--dry-run") options.dryRun = true;
  else if (argv[i] === "--under" && i + 1 < argv.length) options.under.push(fs.realpathSync(argv[++i]));
  else if (argv[i] === "--grace" && i + 1 < argv.length && Number(argv[i + 1]) >= 0) options.graceMs = Number(argv[++i]) * 1000;
  else usage(`unknown argument: ${argv[i]}`);
}

/** Every process: pid, ppid, command name and arguments (each as given where the OS tells). */
function processes() {
  if (fs.existsSync("/proc/self/stat")) {
    const list = [];
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (state === "Z") continue;
        const args = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").filter(Boolean);
        list.push({ pid: Number(name), ppid: Number(ppid), comm, args });
      } catch {
        // gone meanwhile, or not ours to read
      }
    }
    return list;
  }
  // macOS and other BSDs: arguments come joined with spaces.
  const out = execFileSync("ps", ["-A", "-o", "pid=", "-o", "ppid=", "-o", "comm=", "-o", "args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter(Boolean)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), comm: path.basename(m[3]), args: m[4].split(/\s+/) }));
}

function workingFolder(pid) {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    try {
      const out = execFileSync("lsof", ["-a", "-d", "cwd", "-p", String(pid), "-Fn"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      return /^n(.*)$/m.exec(out)?.[1];
    } catch {
      return undefined;
    }
  }
}

const PLUGIN_EXECUTABLE = /^pulumi-(resource|language|analyzer|converter|tool)-/;
const SDK_SCRIPT = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/](dynamic-provider|run|run-plugin|run-policy-pack)([\\/]|$)/;

function isPulumiPlugin(proc) {
  return proc.args.slice(0, 2).some((arg) => PLUGIN_EXECUTABLE.test(path.basename(arg))) || proc.args.some((arg) => SDK_SCRIPT.test(arg));
}

/** The engine address a plugin was given: --engine <addr> (programs) or its last host:port argument. */
function engineAddress(proc) {
  const at = proc.args.findIndex((a) => a === "--engine" || a.startsWith("--engine="));
  const flagged = at < 0 ? undefined : proc.args[at].includes("=") ? proc.args[at].split("=")[1] : proc.args[at + 1];
  const address = flagged ?? [...proc.args].reverse().find((a) => /^[\w.-]+:\d+$/.test(a));
  const m = /^([\w.-]+):(\d+)$/.exec(address || "");
  return m ? { host: m[1], port: Number(m[2]) } : undefined;
}

function accepts({ host, port }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(true)); // no answer is not proof of absence
    socket.on("connect", () => done(true));
    socket.on("error", (err) => done(err.code !== "ECONNREFUSED"));
  });
}

/** When a process started (Linux: clock ticks since boot), so that a reused pid is not taken for it; "" elsewhere. */
function startTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" ? "zombie" : fields[19];
  } catch {
    return fs.existsSync("/proc/self/stat") ? "gone" : "";
  }
}

/** Still the process we found (not exited, not a zombie, its pid not reused). */
function stillThere(proc) {
  try {
    process.kill(proc.pid, 0);
  } catch {
    return false;
  }
  return startTime(proc.pid) === proc.started;
}

async function main() {
  const all = processes();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const underCli = (proc) => {
    for (let p = byPid.get(proc.ppid), hops = 0; p && hops < 64; p = byPid.get(p.ppid), hops++) {
      if (p.comm === "pulumi" || path.basename(p.args[0] || "") === "pulumi") return true;
    }
    return false;
  };
  const inScope = (pid) => {
    if (options.under.length === 0) return true;
    const cwd = workingFolder(pid);
    return cwd !== undefined && options.under.some((dir) => cwd === dir || cwd.startsWith(`${dir}${path.sep}`));
  };

  const orphans = [];
  for (const proc of all) {
    if (proc.pid === process.pid || !isPulumiPlugin(proc) || underCli(proc) || !inScope(proc.pid)) continue;
    const address = engineAddress(proc);
    if (!address || (await accepts(address))) continue;
    orphans.push({ ...proc, started: startTime(proc.pid) });
  }

  for (const proc of orphans) {
    const line = `${proc.pid} ${proc.args.join(" ").slice(0, 200)}`;
    if (options.dryRun) {
      process.stdout.write(`would end ${line}\n`);
      continue;
    }
    try {
      process.kill(proc.pid, "SIGTERM");
      process.stdout.write(`ended ${line}\n`);
    } catch (err) {
      process.stderr.write(`cannot end ${line}: ${err.message}\n`);
    }
  }
  if (options.dryRun || orphans.length === 0) return;

  const deadline = Date.now() + options.graceMs;
  while (Date.now() < deadline && orphans.some(stillThere)) await new Promise((r) => setTimeout(r, 100));
  for (const proc of orphans) {
    if (!stillThere(proc)) continue;
    try {
      process.kill(proc.pid, "SIGKILL");
      process.stdout.write(`killed ${proc.pid} (still there after SIGTERM)\n`);
    } catch {
      // gone at last
    }
  }
}

main().catch((err) => {
  process.stderr.write(`kill-orphaned-plugins: ${err.stack || err}\n`);
  process.exit(1);
});
