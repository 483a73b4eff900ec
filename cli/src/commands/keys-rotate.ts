import { sealPlainRows } from '@mca/core';
import type { Command } from '../command';

export const keysRotate: Command = {
  path: ['keys', 'rotate'],
  summary: 're-wrap every data key under the first DATA_KEYS master key (rotation)',
  options: {},
  details: [
    'Put the new master key first in DATA_KEYS and keep the old one after it (new:…,old:…), deploy,',
    'then run this: every customer key (and the system and lookup keys) still wrapped by an older',
    'master key is unwrapped and wrapped again by the first one. The personal data itself is not',
    'touched (envelope encryption). Customers and requests stored before the vault (plain names)',
    'are sealed on the way. Safe to run again; afterwards the old key can leave DATA_KEYS.',
  ].join('\n'),
  async run(operator) {
    const ctx = await operator.context();
    const counts = await ctx.vault.keys.rewrapAll(ctx.now());
    const sealed = await sealPlainRows(ctx);
    return {
      json: { ...counts, sealed },
      text: [
        `${counts.rewrapped} data keys re-wrapped, ${counts.current} already under the current master key, ${counts.erased} erased`,
        `sealed rows from before the vault: ${sealed.customers} customers, ${sealed.requests} requests`,
      ].join('\n'),
    };
  },
};
