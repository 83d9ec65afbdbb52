import { Composer } from '../../src/engine/composer';

interface Ctx {
  log: string[];
  flag?: boolean;
}

describe('Composer', () => {
  it('runs middleware in order, each around the rest of the chain', async () => {
    const c = new Composer<Ctx>()
      .use(async (ctx, next) => {
        ctx.log.push('a:in');
        await next();
        ctx.log.push('a:out');
      })
      .use(async (ctx, next) => {
        ctx.log.push('b');
        await next();
      });
    const ctx: Ctx = { log: [] };
    await c.run(ctx);
    expect(ctx.log).toEqual(['a:in', 'b', 'a:out']);
  });

  it('stops when a middleware does not call next', async () => {
    const ctx: Ctx = { log: [] };
    await new Composer<Ctx>(
      () => void ctx.log.push('stop'),
      () => void ctx.log.push('never'),
    ).run(ctx);
    expect(ctx.log).toEqual(['stop']);
  });

  it('filter and branch choose by predicate', async () => {
    const c = new Composer<Ctx>()
      .filter(
        (ctx) => !!ctx.flag,
        (ctx, next) => (ctx.log.push('flagged'), next()),
      )
      .branch(
        (ctx) => !!ctx.flag,
        (ctx) => void ctx.log.push('yes'),
        (ctx) => void ctx.log.push('no'),
      );
    const a: Ctx = { log: [], flag: true };
    const b: Ctx = { log: [] };
    await c.run(a);
    await c.run(b);
    expect(a.log).toEqual(['flagged', 'yes']);
    expect(b.log).toEqual(['no']);
  });

  it('errorBoundary catches errors from inside it, not from after it', async () => {
    const caught: unknown[] = [];
    const inner = new Composer<Ctx>().errorBoundary(
      (err) => void caught.push(err),
      () => {
        throw new Error('inside');
      },
    );
    await inner.run({ log: [] });
    expect((caught[0] as Error).message).toBe('inside');

    const after = new Composer<Ctx>()
      .errorBoundary(
        (err) => void caught.push(err),
        (_ctx, next) => next(),
      )
      .use(() => {
        throw new Error('after');
      });
    await expect(after.run({ log: [] })).rejects.toThrow('after');
    expect(caught).toHaveLength(1);
  });

  it('refuses a second call to next()', async () => {
    const c = new Composer<Ctx>(async (_ctx, next) => {
      await next();
      await next();
    });
    await expect(c.run({ log: [] })).rejects.toThrow(/more than once/);
  });
});
