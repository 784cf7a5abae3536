import { sleep } from "./sleep";

/**
 * Client-side pacing for Clerk's rate limit (a fixed number of requests per 10 s per
 * instance). One provider process serves every SignInToken of a deployment while the
 * engine runs many operations at once; without pacing, 150 tickets on a development
 * instance would burn most of their time in 429 back-offs.
 *
 * A sliding window: at most `limit` request starts in any `windowMs`. Waiters are served
 * in arrival order.
 */
export class Pacer {
  private readonly starts: number[] = [];
  private blockedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when one more request may start; callers start it right away. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    // Keep the chain alive even if a waiter is abandoned.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Hold every start for `ms`: Clerk answered 429, so other clients share the instance's
   * budget and our own count is optimistic.
   */
  pause(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      if (now < this.blockedUntil) {
        await sleep(this.blockedUntil - now);
        continue;
      }
      while (this.starts.length > 0 && this.starts[0] <= now - this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return;
      }
      const wait = this.starts[0] + this.windowMs - now;
      await sleep(wait);
    }
  }
}

/**
 * One pacer per (key, limit) in this process. Kept on `globalThis` because Pulumi gives
 * each provider method its own copy of module state; a module-level map would not be shared.
 * Keyed by a hash of the secret key so the key itself is never held as a map key.
 */
export function sharedPacer(keyId: string, limit: number, windowMs: number): Pacer {
  // Symbol.for inside the function: a symbol held in a module constant cannot be serialized.
  const store = globalThis as unknown as Record<symbol, Map<string, Pacer> | undefined>;
  const pacers = (store[Symbol.for("pulumi-clerk-sign-in-tokens.pacers")] ??= new Map<string, Pacer>());
  const id = `${keyId}:${limit}:${windowMs}`;
  let pacer = pacers.get(id);
  if (!pacer) {
    pacer = new Pacer(limit, windowMs);
    pacers.set(id, pacer);
  }
  return pacer;
}
