import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { Types } from 'mongoose';
import {
  customerKeyId,
  openCustomers,
  openRecord,
  shownRepresentative,
  type ConsentRecord,
  type Context,
  type Customer,
  type DataKeyRecord,
  type StoredConsentRecord,
  type StoredCustomer,
} from '@mca/core';
import { safeCell } from '../csv/safe-cell';
import type { Reader } from '../http/reader';
import { alignedCursor } from './aligned-cursor';
import { documentsOf } from './consent-evidence';
import { recordReads } from './record-reads';

/** Customers opened, their reads appended and their rows written together. */
const PAGE = 500;

/** The auditor's list: who accepted, when, how, on which agreement, and the evidence's hashes. */
const COLUMNS = [
  'tenantId',
  'customerName',
  'country',
  'language',
  'mcaStatus',
  'method',
  'orderingStatus',
  'representativeName',
  'representativeEmail',
  'dateAgreed',
  'recordedAt',
  'agreementCountry',
  'agreementLanguage',
  'agreementSha256',
  'evidenceKind',
  'evidenceSha256',
  'consentRecordId',
] as const;
type Row = Record<(typeof COLUMNS)[number], string>;

/**
 * GET /v1/reports/consents.csv: one row per customer of the partner, oldest first, written as
 * it is read (a page of customers at a time, waiting whenever the client reads slower). The
 * row shows the consent that counts for the customer's status (Customer.mca.consentId), else its
 * written consent; a customer without one has the consent columns empty. Every customer shown is
 * an `evidence.read` on its chain, appended a page at a time before the page's rows are written.
 */
export async function writeConsentReport(ctx: Context, reader: Reader, partnerId: Types.ObjectId, out: Writable): Promise<void> {
  // BOM and CRLF: what spreadsheet programs expect of a UTF-8 CSV.
  const csv = stringify({ header: true, columns: [...COLUMNS], record_delimiter: 'windows', bom: true });
  csv.pipe(out);
  // A client that goes away stops the reading, rather than leaving it waiting on a drain.
  const gone = new AbortController();
  out.once('close', () => gone.abort());
  const signal = gone.signal;
  // Three walks in customer order, each one query: the customers, their data keys (`customer:<id>`
  // sorts as the id does) and their consent records, read a page at a time in step.
  const customers = ctx.models.customers.find({ partnerId }).sort({ _id: 1 }).batchSize(PAGE).lean<StoredCustomer>().cursor();
  const keys = alignedCursor(
    ctx.models.dataKeys.find({ partnerId }, { kid: 1, wrapped: 1 }).sort({ _id: 1 }).batchSize(PAGE).lean<KeyRow>().cursor(),
    (k) => k._id,
  );
  const records = alignedCursor(
    ctx.models.consentRecords.find({ partnerId }).sort({ customerId: 1, _id: 1 }).batchSize(PAGE).lean<StoredConsentRecord>().cursor(),
    (r) => r.customerId.toHexString(),
  );
  try {
    for (let page = await nextPage(customers); page.length; page = await nextPage(customers)) {
      signal.throwIfAborted();
      const last = page[page.length - 1]!._id;
      const recordsOf = new Map<string, StoredConsentRecord[]>();
      for (const r of await records.through(last.toHexString())) {
        const id = r.customerId.toHexString();
        recordsOf.set(id, [...(recordsOf.get(id) ?? []), r]);
      }
      ctx.vault.keys.warm(await keys.through(customerKeyId(last)));
      // Each customer's read is on its chain before its row leaves.
      await recordReads(ctx, reader, 'consent-report', page);
      for (const customer of await openCustomers(ctx.vault, page)) {
        const mine = recordsOf.get(customer._id.toHexString()) ?? [];
        const found = mine.find((r) => customer.mca.consentId?.equals(r._id)) ?? mine.find((r) => r.layer === 'written');
        const counted = found && (await openRecord(ctx.vault, found));
        if (!csv.write(reportRow(customer, counted))) await once(csv, 'drain', { signal });
      }
    }
  } finally {
    await Promise.all([customers.close(), keys.close(), records.close()]);
  }
  csv.end();
  await once(out, 'finish', { signal });
}

type KeyRow = Pick<DataKeyRecord, '_id' | 'kid' | 'wrapped'>;

/** Up to PAGE customers from the walk; none at its end. */
async function nextPage(cursor: { next(): Promise<StoredCustomer | null> }): Promise<StoredCustomer[]> {
  const page: StoredCustomer[] = [];
  while (page.length < PAGE) {
    const c = await cursor.next();
    if (!c) break;
    page.push(c);
  }
  return page;
}

function reportRow(c: Customer, r: ConsentRecord | undefined): Row {
  const who = r ? shownRepresentative(r) : undefined;
  const row: Row = {
    tenantId: c.tenantId,
    customerName: c.name,
    country: c.country,
    language: c.language,
    mcaStatus: c.mca.status,
    method: c.mca.method ?? r?.method ?? '',
    orderingStatus: c.ordering.status,
    representativeName: who ? `${who.firstName} ${who.lastName}`.trim() : '',
    representativeEmail: who?.email ?? '',
    dateAgreed: r?.dateAgreed.toISOString() ?? '',
    recordedAt: r?.createdAt.toISOString() ?? '',
    agreementCountry: r?.agreement?.country ?? '',
    agreementLanguage: r?.agreement?.language ?? '',
    agreementSha256: r?.agreement?.sha256 ?? '',
    evidenceKind: r?.evidence.kind ?? '',
    evidenceSha256: r
      ? documentsOf(r.evidence)
          .map((d) => `${d.name}:${d.sha256}`)
          .join(' ')
      : '',
    consentRecordId: r?._id.toString() ?? '',
  };
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, safeCell(v)])) as Row;
}
