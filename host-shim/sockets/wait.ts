// Waiting on the main thread without blocking it: a promise that settles on a state change of any watched
// socket, or at a timeout. Used by blocking socket calls and by poll_oneoff.

/** Watchable is anything that reports state changes: SocketEntry. */
export interface Watchable {
  subscribe(onChange: () => void): () => void;
}

/**
 * waitAny calls attempt now and after every state change of any of entries, until it returns a value or
 * timeoutMs passes (then undefined after one last attempt). A timeout of 0 or less tries once.
 */
export function waitAny<R>(entries: Watchable[], attempt: () => R | undefined, timeoutMs: number): Promise<R | undefined> {
  const first = attempt();
  if (first !== undefined || timeoutMs <= 0) return Promise.resolve(first);
  return new Promise((resolve) => {
    const unsubscribe: (() => void)[] = [];
    let done = false; // an attempt may consume data: never make one after finishing
    const finish = (value: R | undefined): void => {
      done = true;
      clearTimeout(timer);
      for (const u of unsubscribe) u();
      resolve(value);
    };
    const timer = setTimeout(() => finish(attempt()), timeoutMs);
    const check = (): void => {
      if (done) return;
      const value = attempt();
      if (value !== undefined) finish(value);
    };
    for (const e of entries) unsubscribe.push(e.subscribe(check));
  });
}
