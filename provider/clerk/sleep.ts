/** Resolves after `ms` milliseconds (at least 1, so a loop that waits always yields). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));
}
