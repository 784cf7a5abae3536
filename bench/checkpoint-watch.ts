import { type FSWatcher, statSync, watch } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * How often the file backend rewrites a stack's checkpoint during one command, and how many
 * bytes that makes: the backend writes the whole checkpoint to a temporary file and renames
 * it over `<stack>.json` after every step it records, and before that copies the previous
 * checkpoint to `<stack>.json.bak` the same way. Watched with inotify (fs.watch on the
 * stack's folder); each rename onto either name is one write, its size read right after
 * (a later write may have replaced it by then: the byte count is close, not exact).
 */
export interface CheckpointWrites {
  /** Renames onto `<stack>.json`. */
  writes: number;
  /** Renames onto `<stack>.json.bak`. */
  backups: number;
  /** Sum of the sizes of the checkpoints written, backups included. */
  bytesWritten: number;
}

export class CheckpointWatch {
  private watcher: FSWatcher | undefined;
  private readonly counts: CheckpointWrites = { writes: 0, backups: 0, bytesWritten: 0 };

  constructor(private readonly checkpointPath: string) {}

  start(): this {
    const dir = dirname(this.checkpointPath);
    const name = basename(this.checkpointPath);
    this.watcher = watch(dir, (event, file) => {
      if (event !== "rename" || (file !== name && file !== `${name}.bak`)) return;
      if (file === name) this.counts.writes++;
      else this.counts.backups++;
      try {
        this.counts.bytesWritten += statSync(join(dir, file)).size;
      } catch {
        // replaced or removed meanwhile
      }
    });
    return this;
  }

  stop(): CheckpointWrites {
    this.watcher?.close();
    this.watcher = undefined;
    return { ...this.counts };
  }
}
