/**
 * Runs `work` over `items` with at most `limit` calls in flight. `stop()` is checked before each
 * new item starts (a time budget). The first error stops new work; once the calls in flight have
 * settled it is thrown. Resolves with how many items were started (a prefix of `items`).
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<number> {
  let next = 0;
  let failed: { err: unknown } | undefined;
  const worker = async () => {
    while (!failed && next < items.length && !stop()) {
      const i = next++;
      try {
        await work(items[i]!, i);
      } catch (err) {
        failed ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed.err;
  return next;
}
