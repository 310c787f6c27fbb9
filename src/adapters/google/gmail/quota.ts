const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Keeps Gmail's per-user quota: the units of calls that reach Google within any rolling window
 * stay at or below the budget (stricter than Gmail's moving average, so bursts never trip it).
 * A call's units stay in the window until the window has passed after it *finished*: Google
 * counts a call somewhere between our send and its answer, so this holds whatever the network
 * delay. Callers are served in arrival order.
 */
export class QuotaWindow {
  private readonly spent: { units: number; doneAt: number }[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private readonly windowMs: number;
  private readonly budget: number;
  constructor(
    unitsPerSecond: number,
    windowSeconds = 1,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
  ) {
    this.windowMs = windowSeconds * 1000;
    this.budget = unitsPerSecond * windowSeconds;
  }

  /** Waits for room, reserves `units`; call the returned function when the call has finished. */
  take(units: number): Promise<() => void> {
    const turn = this.tail.then(() => this.acquire(Math.min(units, this.budget)));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(units: number): Promise<() => void> {
    for (;;) {
      const now = this.now();
      for (let i = this.spent.length - 1; i >= 0; i--) if (now - this.spent[i]!.doneAt >= this.windowMs) this.spent.splice(i, 1);
      const used = this.spent.reduce((sum, e) => sum + e.units, 0);
      if (used + units <= this.budget) {
        const entry = { units, doneAt: Infinity };
        this.spent.push(entry);
        return () => {
          entry.doneAt = this.now();
        };
      }
      // Sleep until the earliest finished call leaves the window (or briefly, while all are running).
      const leaves = Math.min(...this.spent.map((e) => e.doneAt + this.windowMs));
      await this.sleep(Number.isFinite(leaves) ? Math.max(1, Math.ceil(leaves - now)) : 5);
    }
  }
}
