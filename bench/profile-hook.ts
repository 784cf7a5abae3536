/**
 * Loaded with `NODE_OPTIONS=--require …/profile-hook.js` into every node process a `pulumi`
 * command starts (Node 20 refuses --cpu-prof in NODE_OPTIONS). In the dynamic-provider
 * process only, it records a CPU profile from start to exit and writes it as
 * `<BENCH_PROFILE_DIR>/provider-<pid>.cpuprofile` (Chrome DevTools format).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir && /[/\\]cmd[/\\]dynamic-provider([/\\]index\.js)?$/.test(process.argv[1] ?? "")) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 200) });
  session.post("Profiler.start");
  let written = false;
  const write = (why: string): void => {
    if (written) return;
    written = true;
    // The in-process inspector answers synchronously, so this works in an exit handler.
    session.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(join(dir, `provider-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      writeFileSync(join(dir, `provider-${process.pid}.exit`), why);
    });
  };
  process.on("exit", () => write("exit"));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      write(signal);
      process.exit(0);
    });
  }
}
