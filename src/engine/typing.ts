/** How long a bank call runs before the customer sees a typing indicator. */
export const DEFAULT_TYPING_DELAY_MS = 300;

/**
 * Typing indicator for one turn, shown only when the bank is slow: when a bank call has been in
 * flight for `delayMs`, `show` runs (once, until the next message goes out: Messenger hides the
 * indicator when a message arrives). Fast answers never pay for an extra Send API call.
 */
export class SlowCallTyping {
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private ended = false;

  constructor(
    private readonly show: () => void,
    private readonly delayMs: number = DEFAULT_TYPING_DELAY_MS,
  ) {}

  /** A bank call started. */
  callStarted(): void {
    this.inFlight++;
    if (this.inFlight === 1) this.arm();
  }

  /** A bank call finished (or failed): with none left in flight, nothing is shown. */
  callEnded(): void {
    if (this.inFlight > 0) this.inFlight--;
    if (this.inFlight === 0) this.disarm();
  }

  /** A message is about to go out: it hides the indicator, so a later slow call may show it again. */
  messageSent(): void {
    this.disarm();
    this.shown = false;
    if (this.inFlight > 0) this.arm();
  }

  /** The turn is over: nothing more is shown. */
  end(): void {
    this.ended = true;
    this.disarm();
  }

  private arm(): void {
    if (this.shown || this.ended || this.timer !== undefined) return;
    if (this.delayMs <= 0) {
      this.fire();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.inFlight > 0) this.fire();
    }, this.delayMs);
    this.timer.unref?.();
  }

  private fire(): void {
    if (this.shown || this.ended) return;
    this.shown = true;
    this.show();
  }

  private disarm(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
