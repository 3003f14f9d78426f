// DingTalk limits each app to 20 requests per second per API; exceeding it gets calls refused for a
// while, so callers wait here instead. A sliding one-second window per API name.

export interface RateLimiter {
  /** Resolves when one more request to `api` keeps it under the limit. */
  acquire(api: string): Promise<void>;
}

export function createRateLimiter(
  options: { perSecond?: number; now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): RateLimiter {
  const perSecond = options.perSecond ?? 18;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const windows = new Map<string, number[]>();
  // Callers of one API queue behind each other so the window is checked in arrival order.
  const queues = new Map<string, Promise<void>>();

  async function take(api: string): Promise<void> {
    const window = windows.get(api) ?? [];
    windows.set(api, window);
    for (;;) {
      const t = now();
      while (window.length > 0 && t - window[0] >= 1000) window.shift();
      if (window.length < perSecond) {
        window.push(t);
        return;
      }
      await sleep(Math.max(1, 1000 - (t - window[0])));
    }
  }

  return {
    acquire(api) {
      const next = (queues.get(api) ?? Promise.resolve()).then(() => take(api));
      queues.set(api, next);
      return next;
    },
  };
}
