import v8 from 'node:v8';
import type { Config } from '../config';

/**
 * Applies HEAP_GROWTH_PERCENT to this process's V8. The flag cannot come in NODE_OPTIONS (V8
 * flags outside Node's list are refused there) and is read at every collection, so setting it
 * at start works for the whole run. The limit follows what is live, so a process that holds more
 * for good (a large import) gets a larger heap; only the garbage V8 lets pile up is bounded.
 */
export function applyHeapGrowth(config: Pick<Config, 'HEAP_GROWTH_PERCENT'>): void {
  if (config.HEAP_GROWTH_PERCENT > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.HEAP_GROWTH_PERCENT}`);
}
