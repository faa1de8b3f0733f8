// Applies changes in arrival order, giving each one that changed the screen a moment of its own.

export class PacedQueue {
  private items: Array<() => unknown> = [];
  private running = false;

  constructor(
    /** How long a visible change stays before the next is applied. */
    private readonly paceMs: number,
    /** Called after every change (the view renders). */
    private readonly changed: () => void,
    /** Nobody watching (the chat is closed, the tab hidden): no pacing, and hidden frames' timers are slow anyway. */
    private readonly watched: () => boolean,
  ) {}

  /** `apply` returns true when it changed what is shown (then the next one waits its turn). */
  push(apply: () => unknown): void {
    this.items.push(apply);
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.items.length) {
        const shown = this.items.shift()!() === true;
        this.changed();
        if (shown && this.watched()) await new Promise((resolve) => setTimeout(resolve, this.paceMs));
      }
    } finally {
      this.running = false;
    }
  }
}
