import { timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

export const REDACTED = '[redacted]';

/**
 * A string that never prints itself: `String()`, template strings, `JSON.stringify` and
 * `util.inspect` (hence console.log and pino) all give `[redacted]`. Call `reveal()` for the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** Constant-time comparison with another secret or string. */
  equals(other: Secret | string): boolean {
    const a = Buffer.from(this.#value, 'utf8');
    const b = Buffer.from(other instanceof Secret ? other.reveal() : other, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
