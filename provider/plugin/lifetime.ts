import { fstatSync } from "node:fs";

/*
 * A plugin should not outlive the engine that started it. When the CLI is killed (SIGKILL,
 * the OOM killer, a runner that loses its job), nobody stops its plugins; but the engine
 * starts each plugin with a pipe as its stdin, which it never writes to and holds open until
 * the plugin exits. End of file there means the engine is gone: the plugin exits, at once
 * and without polling. Started by hand (stdin a terminal or /dev/null), it does not watch.
 */
export function exitWhenEngineGone(exit: () => void = () => process.exit(0)): void {
  let stdin: ReturnType<typeof fstatSync>;
  try {
    stdin = fstatSync(0);
  } catch {
    return;
  }
  if (!stdin.isFIFO() && !stdin.isSocket()) return;
  let gone = false;
  const leave = () => {
    if (gone) return;
    gone = true;
    exit();
  };
  process.stdin.on("end", leave);
  process.stdin.on("close", leave);
  process.stdin.on("error", leave);
  process.stdin.resume();
}
