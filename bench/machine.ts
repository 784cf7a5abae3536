import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";

/** What the numbers were measured on. */
export interface Machine {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  /** 1-, 5- and 15-minute load averages: other work on the machine skews timings. */
  loadAverage: number[];
}

export function machine(): Machine {
  let os = `${type()} ${release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (pretty) os = `${pretty[1]} (${os})`;
  } catch {
    // no os-release: the kernel's name will do
  }
  return {
    cpuModel: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os,
    node: process.version,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
