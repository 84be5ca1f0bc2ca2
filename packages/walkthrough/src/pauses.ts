/**
 * `pnpm start --step`: a pause before each chapter, for a teaching session. The terminal is
 * read key by key (raw mode) from the first pause to the end, so that:
 * - keys typed while a chapter runs are dropped, not taken as the answer to the next pause
 *   (two quick Enters do not skip one);
 * - `q` or Ctrl-C at a pause stops the walkthrough cleanly; Ctrl-C while a chapter runs stops
 *   it too (raw mode turns Ctrl-C into a key, so no signal reaches pnpm or this process).
 */

/** What a pause reads: a terminal's input, or a test's stand-in for one. */
export interface KeyInput extends NodeJS.EventEmitter {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
}

export type Answer = 'go on' | 'stop';

const CTRL_C = '\u0003';

export class Pauses {
  private waiting: ((key: string) => void) | undefined;
  private listening = false;
  /** Milliseconds spent waiting at pauses, which the summary's total leaves out. */
  pausedMilliseconds = 0;

  constructor(
    private readonly input: KeyInput,
    private readonly output: NodeJS.WritableStream,
    /** Called on Ctrl-C while a chapter runs (no pause is waiting). */
    private readonly onInterrupt: () => void,
  ) {}

  private readonly onData = (chunk: Buffer | string) => {
    for (const key of chunk.toString()) {
      if (this.waiting) this.waiting(key);
      else if (key === CTRL_C) this.onInterrupt();
      // Any other key typed while a chapter runs is dropped.
    }
  };

  /** Shows the prompt and waits for Enter (go on), or q or Ctrl-C (stop); other keys are ignored. */
  async pause(prompt: string): Promise<Answer> {
    if (!this.listening) {
      this.input.setRawMode?.(true);
      this.input.on('data', this.onData);
      this.input.resume();
      this.listening = true;
    }
    const started = performance.now();
    this.output.write(prompt);
    try {
      for (;;) {
        const key = await new Promise<string>((resolve) => {
          this.waiting = resolve;
        });
        if (key === '\r' || key === '\n') return 'go on';
        if (key === 'q' || key === 'Q' || key === CTRL_C) return 'stop';
      }
    } finally {
      this.waiting = undefined;
      this.pausedMilliseconds += performance.now() - started;
      this.output.write('\n');
    }
  }

  /** Gives the terminal back as it was. */
  close(): void {
    if (!this.listening) return;
    this.input.off('data', this.onData);
    this.input.setRawMode?.(false);
    this.input.pause();
    this.listening = false;
  }
}
