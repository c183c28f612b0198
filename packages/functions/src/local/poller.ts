// Runs a piece of work again and again with a pause between runs, never two at once; stop() waits for the last run.

export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (e: unknown) => void,
  ) {}

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      this.busy = this.work();
      await this.busy.catch(this.onError);
      if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.busy?.catch(() => undefined);
  }
}
