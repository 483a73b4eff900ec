import type { Context } from '@mca/core';

/**
 * One instance per process and context of what `create` makes (the order gate, the API-key
 * cache, the rate limiters): every router that asks gets the same one, so they share one
 * memory, one Redis subscription and one per-instance budget.
 */
export function onePerContext<T extends object>(create: (ctx: Context) => T): (ctx: Context) => T {
  const made = new WeakMap<Context, T>();
  return (ctx) => {
    let it = made.get(ctx);
    if (!it) made.set(ctx, (it = create(ctx)));
    return it;
  };
}
