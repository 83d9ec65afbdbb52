/**
 * A typed middleware pipeline in the style of grammY's Composer: each middleware gets the
 * context and a `next` that runs the rest of the chain. Nothing here knows about banks.
 */
export type NextFunction = () => Promise<void>;
export type Middleware<C> = (ctx: C, next: NextFunction) => unknown;

export class Composer<C> {
  private readonly stack: Middleware<C>[] = [];
  /** The chain as built by middleware(), until the next use(). */
  private composed: Middleware<C> | undefined;

  constructor(...middleware: Middleware<C>[]) {
    this.stack.push(...middleware);
  }

  use(...middleware: Middleware<C>[]): this {
    this.stack.push(...middleware);
    this.composed = undefined;
    return this;
  }

  /** Runs `middleware` only when `predicate` holds; otherwise passes straight on. */
  filter(predicate: (ctx: C) => boolean, ...middleware: Middleware<C>[]): this {
    const inner = new Composer<C>(...middleware).middleware();
    return this.use((ctx, next) => (predicate(ctx) ? inner(ctx, next) : next()));
  }

  /** Chooses one of two chains. */
  branch(predicate: (ctx: C) => boolean, yes: Middleware<C>, no: Middleware<C>): this {
    return this.use((ctx, next) => (predicate(ctx) ? yes(ctx, next) : no(ctx, next)));
  }

  /**
   * Errors thrown anywhere further down the chain go to `handler`, once. Middleware registered
   * before the boundary (dedupe, locking, session) still sees the error propagate if the
   * handler rethrows.
   */
  errorBoundary(handler: (err: unknown, ctx: C) => unknown, ...middleware: Middleware<C>[]): this {
    const inner = new Composer<C>(...middleware).middleware();
    return this.use(async (ctx, next) => {
      let nextCalled = false;
      try {
        await inner(ctx, async () => {
          nextCalled = true;
          await next();
        });
      } catch (err) {
        if (nextCalled) throw err; // an error from after the boundary is not ours to handle
        await handler(err, ctx);
      }
    });
  }

  /** The whole chain as a single middleware. */
  middleware(): Middleware<C> {
    const stack = [...this.stack];
    return (ctx, next) => {
      const run = async (i: number): Promise<void> => {
        const mw = stack[i];
        if (!mw) return next();
        let called = -1;
        await mw(ctx, () => {
          if (called !== -1) throw new Error('next() called more than once');
          called = i;
          return run(i + 1);
        });
      };
      return run(0);
    };
  }

  /** Runs the chain to completion. */
  async run(ctx: C): Promise<void> {
    this.composed ??= this.middleware();
    await this.composed(ctx, done);
  }
}

/** The end of the chain. */
async function done(): Promise<void> {}
