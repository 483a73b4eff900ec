import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { findPartner, importCustomers } from '@mca/api';
import { objectIdOption } from '../args';
import type { Command } from '../command';
import { UsageError } from '../usage-error';

export const importCommand: Command = {
  path: ['import'],
  summary: "import a partner's customers from a CSV file (as POST /v1/customers/import)",
  positionals: ['FILE.csv'],
  options: {
    partner: { type: 'string', required: true, valueName: 'ID', description: "the partner's id (required)" },
    'dry-run': { type: 'boolean', description: 'validate every row and count, write nothing' },
  },
  details: [
    'UTF-8, header row tenantId,name,country,language[,firstName,lastName,email,phone]. A tenant',
    'the partner already has is counted `existing` and left as it is, so a re-import is harmless.',
    'Invalid rows are reported by line (the header is line 1) and skipped. MAX_IMPORT_BYTES applies.',
  ].join('\n'),
  async run(operator, { values, positionals }) {
    if (positionals.length !== 1) throw new UsageError('give exactly one CSV file (see mca import --help)');
    const file = positionals[0]!;
    await access(file, constants.R_OK).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${err.code ?? err.message}`);
    });
    const partnerId = objectIdOption(values, 'partner');
    const dryRun = values['dry-run'] === true;
    const ctx = await operator.context();
    const partner = await findPartner(ctx, partnerId);
    const stream = createReadStream(file);
    let outcome;
    try {
      outcome = await importCustomers(ctx, partner._id, stream, { dryRun });
    } finally {
      stream.destroy();
    }
    const more = outcome.invalidCount - outcome.invalid.length;
    const text = [
      `${dryRun ? 'dry run (nothing written): ' : ''}${outcome.created} ${dryRun ? 'would be created' : 'created'}, ${outcome.existing} existing, ${outcome.invalidCount} invalid`,
      ...outcome.invalid.map((i) => `  line ${i.line}: ${i.message}`),
      ...(more > 0 ? [`  ... and ${more} more invalid rows`] : []),
    ].join('\n');
    return { json: { dryRun, ...outcome }, text };
  },
};
