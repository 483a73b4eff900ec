import type { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from 'csv-parse';
import { Types } from 'mongoose';
import { AppError } from '@mca/platform';
import { appendFirstEvents, customerCreated, isDuplicateKey, sealRepresentative, type Context, type StoredCustomer } from '@mca/core';
import { readHeader, type CustomerRow, type RowResult } from '../csv/customer-rows';
import { LineIndex } from '../csv/line-index';

/**
 * Rows written per insertMany, and records validated between two yields to the event loop:
 * short enough for other calls to be answered in between even on a loaded machine, large
 * enough to amortise the round trip.
 */
const BATCH_ROWS = 200;
/** A garbage file must not make a huge answer: the rest are only counted. */
const INVALID_LISTED = 1_000;
/** A record larger than this is not a customer row (an unclosed quote swallowing the file, say). */
const MAX_RECORD_BYTES = 64 * 1024;

export interface ImportOutcome {
  created: number;
  existing: number;
  invalid: { line: number; message: string }[];
  invalidCount: number;
}

interface ParsedRecord {
  record: string[];
  line: number;
}

/**
 * POST /v1/customers/import: reads the CSV chunk by chunk as it streams in (the request is
 * paused while a batch is written, so the file is never held whole), validates each row with
 * the API's own schema and inserts in batches. A tenant the partner already has, or one earlier
 * in the same file, counts as `existing` and is left as it is: the unique index
 * {partnerId, tenantId} decides, so concurrent imports cannot duplicate either. A CSV syntax
 * error (an unclosed quote) is one invalid entry, the line the broken record starts on; the
 * reading goes on from the next line.
 */
export async function importCustomers(ctx: Context, partnerId: Types.ObjectId, body: Readable, opts: { dryRun: boolean }): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: 0, existing: 0, invalid: [], invalidCount: 0 };
  const reject = (line: number, message: string) => {
    outcome.invalidCount++;
    if (outcome.invalid.length < INVALID_LISTED) outcome.invalid.push({ line, message });
  };
  const store = opts.dryRun ? dryRunStore(ctx, partnerId) : writingStore(ctx, partnerId);

  // Records are taken from the parser as it parses each chunk, with the line they start on
  // worked out then: a syntax error destroys a stream's buffered records, these are kept.
  const lines = new LineIndex();
  let parsed: ParsedRecord[] = [];
  /** Absolute byte offsets: where the record being read starts, and where the parser started. */
  let recordStart = 0;
  let base = 0;
  /** The bytes from `tailStart` on, so a broken record can be read again from its second line. */
  let tail = Buffer.alloc(0);
  let tailStart = 0;
  let syntaxError: Error | undefined;
  const newParser = () => {
    const p = parse({
      bom: true,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
      on_record: (record: string[], info: { bytes: number }) => {
        parsed.push({ record, line: lines.lineAt(recordStart) });
        recordStart = base + info.bytes;
        return null;
      },
    });
    p.on('error', (err) => (syntaxError ??= err));
    p.resume();
    return p;
  };
  let parser = newParser();
  const feed = (chunk: Buffer | null) =>
    new Promise<void>((resolve) => {
      if (chunk) parser.write(chunk, () => resolve());
      else parser.end(() => resolve());
    });
  /**
   * A syntax error (an unclosed or stray quote) costs only the line its record starts on: that
   * line is reported, and a fresh parser reads on from the next line, so one malformed row never
   * takes the rows after it with it. False when nothing follows the broken line.
   */
  const recover = async (): Promise<boolean> => {
    const err = syntaxError!;
    syntaxError = undefined;
    reject(lines.lineAt(recordStart), `CSV syntax: ${err.message}; the line was skipped`);
    const from = recordStart - tailStart;
    let lf = tail.indexOf(0x0a, from);
    const cr = tail.indexOf(0x0d, from);
    if (lf < 0 || (cr >= 0 && cr < lf && tail[cr + 1] !== 0x0a)) lf = cr; // a line ended by a lone CR
    if (lf < 0) return false;
    base = recordStart = tailStart + lf + 1;
    parser = newParser();
    await feed(tail.subarray(lf + 1));
    return true;
  };
  /** Keeps the bytes of the record being read (at most MAX_RECORD_BYTES before the parser gives up on it). */
  const keep = (chunk: Buffer) => {
    tail = Buffer.concat([tail.subarray(Math.max(0, recordStart - tailStart)), chunk]);
    tailStart = Math.max(tailStart, recordStart);
  };

  let toRow: ((record: string[]) => RowResult) | undefined;
  let batch: { line: number; row: CustomerRow }[] = [];
  const take = async () => {
    const records = parsed;
    parsed = [];
    let sinceYield = 0;
    for (const { record, line } of records) {
      if (++sinceYield >= BATCH_ROWS) {
        sinceYield = 0;
        await nextTurn();
      }
      if (record.length === 1 && record[0] === '') continue; // a blank line
      if (!toRow) {
        toRow = readHeader(record);
        continue;
      }
      const result = toRow(record);
      if (!result.ok) reject(line, result.message);
      else batch.push({ line, row: result.row });
      if (batch.length >= BATCH_ROWS) {
        await store(batch, outcome);
        batch = [];
      }
    }
  };

  let size = 0;
  // Not destroyed on a refusal: the socket must still carry the 413 (the error handler closes it).
  for await (const chunk of readChunks(body)) {
    size += chunk.length;
    if (size > ctx.config.MAX_IMPORT_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `the file is larger than ${ctx.config.MAX_IMPORT_BYTES} bytes, this deployment's import limit`);
    }
    lines.observe(chunk);
    keep(chunk);
    await feed(chunk);
    await take();
    while (syntaxError && (await recover())) await take();
  }
  for (let more = true; more;) {
    if (!syntaxError) await feed(null);
    await take();
    more = Boolean(syntaxError) && (await recover());
  }
  if (!toRow) throw new AppError('CSV_HEADER_INVALID', 'the file is empty: it needs a header row', { column: 'tenantId' });
  if (batch.length) await store(batch, outcome);
  return outcome;
}

/** The body's chunks; a body that breaks off is a 400, and stopping early leaves the request open. */
async function* readChunks(body: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `the request body could not be read: ${(err as Error).message}`);
  }
}

type Store = (batch: { line: number; row: CustomerRow }[], outcome: ImportOutcome) => Promise<void>;

/**
 * Inserts the batch; a duplicate-key refusal is a tenant the partner already has. Each customer
 * it did create begins its audit chain with `customer.created`, the batch's events in one
 * insertMany too; a tenant refused as existing appends nothing, so a re-import adds no event.
 */
function writingStore(ctx: Context, partnerId: Types.ObjectId): Store {
  return async (batch, outcome) => {
    const model = ctx.models.customers;
    const now = ctx.now();
    // The rows are validated already (CreateCustomerBody): mongoose's hydration and validation
    // of every document would cost more CPU than the rest of the import together, so only the
    // schema's defaults are applied, the timestamps set, and the plain documents sent.
    const rows = batch.map(({ row }) => ({ _id: new Types.ObjectId(), row }));
    await ctx.vault.keys.createForNewCustomers(rows.filter((r) => r.row.representative).map((r) => ({ customerId: r._id, partnerId })));
    const docs = (await Promise.all(
      rows.map(async ({ _id, row }) =>
        model.applyDefaults({
          _id,
          partnerId,
          ...row,
          ...(row.representative ? { representative: await sealRepresentative(ctx.vault, { customerId: _id, partnerId }, row.representative) } : {}),
          createdAt: now,
          updatedAt: now,
        }),
      ),
    )) as StoredCustomer[];
    let refused = new Set<number>();
    try {
      await model.insertMany(docs, { ordered: false, lean: true });
      outcome.created += docs.length;
    } catch (err) {
      const writeErrors = (err as { writeErrors?: unknown[] }).writeErrors;
      if (!Array.isArray(writeErrors)) throw err;
      const other = writeErrors.find((e) => !isDuplicateKey(e));
      // Not rethrown as is: a write error carries its document, the representative's name and email with it, and errors are logged.
      // eslint-disable-next-line preserve-caught-error -- the cause is the write error this avoids passing on
      if (other) throw new Error(`customer import: a batch insert failed with code ${String((other as { code?: unknown }).code)}`);
      outcome.existing += writeErrors.length;
      outcome.created += docs.length - writeErrors.length;
      refused = new Set(writeErrors.map((e) => (e as { index: number }).index));
    }
    const created = docs.filter((_, i) => !refused.has(i));
    await appendFirstEvents(
      ctx,
      created.map((c) => ({ ...customerCreated(c), at: now })),
    );
  };
}

/** Counts what writing would: one lookup per batch, and the tenants seen earlier in this file. */
function dryRunStore(ctx: Context, partnerId: Types.ObjectId): Store {
  const seen = new Set<string>();
  return async (batch, outcome) => {
    const found = await ctx.models.customers.find({ partnerId, tenantId: { $in: batch.map(({ row }) => row.tenantId) } }, { tenantId: 1, _id: 0 }).lean();
    const known = new Set(found.map((c) => c.tenantId));
    for (const { row } of batch) {
      if (known.has(row.tenantId) || seen.has(row.tenantId)) outcome.existing++;
      else outcome.created++;
      seen.add(row.tenantId);
    }
  };
}
