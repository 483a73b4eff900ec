import type { z } from 'zod';
import { AppError } from '@mca/platform';
import { CreateCustomerBody } from '../schemas';

/** The import's columns: the customer's, then its default representative's, then the optional flag. */
const REQUIRED = ['tenantId', 'name', 'country', 'language'] as const;
const REPRESENTATIVE = ['firstName', 'lastName', 'email', 'phone'] as const;
const FLAGS = ['confidential'] as const;
type Column = (typeof REQUIRED)[number] | (typeof REPRESENTATIVE)[number] | (typeof FLAGS)[number];
const KNOWN: readonly Column[] = [...REQUIRED, ...REPRESENTATIVE, ...FLAGS];

/** What spreadsheets write for a yes/no cell; anything else is a bad line, not a guess. */
const YES_NO: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
]);

export type CustomerRow = z.infer<typeof CreateCustomerBody>;
export type RowResult = { ok: true; row: CustomerRow } | { ok: false; message: string };

/**
 * Reads the header row: every column known (matched without regard to case, as spreadsheets
 * capitalise), none twice, the required ones present; anything else is a 400 naming the column.
 * Returns how to turn each later record into a row, validated by the API's own schema.
 */
export function readHeader(cells: string[]): (record: string[]) => RowResult {
  const columns = cells.map((cell) => {
    const name = KNOWN.find((k) => k.toLowerCase() === cell.trim().toLowerCase());
    if (!name) throw headerError(`unknown column "${cell.trim()}"; the columns are ${KNOWN.join(',')}`, cell.trim());
    return name;
  });
  for (const [i, c] of columns.entries()) if (columns.indexOf(c) !== i) throw headerError(`column "${c}" appears twice`, c);
  for (const c of REQUIRED) if (!columns.includes(c)) throw headerError(`missing required column "${c}"`, c);

  return (record) => {
    if (record.length !== columns.length) return { ok: false, message: `has ${record.length} fields; the header has ${columns.length}` };
    const cell: Partial<Record<Column, string>> = {};
    // An empty cell is an absent value: the schema then names the missing field.
    columns.forEach((c, i) => {
      if (record[i] !== '') cell[c] = record[i];
    });
    const rep = REPRESENTATIVE.filter((c) => cell[c] !== undefined);
    const flag = cell.confidential?.trim().toLowerCase();
    const confidential = flag ? YES_NO.get(flag) : undefined;
    if (flag && confidential === undefined) return { ok: false, message: `confidential: must be one of ${[...YES_NO.keys()].join(', ')}` };
    const input = {
      tenantId: cell.tenantId,
      name: cell.name,
      country: cell.country,
      language: cell.language,
      ...(rep.length ? { representative: Object.fromEntries(rep.map((c) => [c, cell[c]])) } : {}),
      ...(confidential !== undefined ? { confidential } : {}),
    };
    const parsed = CreateCustomerBody.safeParse(input);
    if (parsed.success) return { ok: true, row: parsed.data };
    // Messages name the CSV column (representative.email is the email column).
    return { ok: false, message: parsed.error.issues.map((i) => `${String(i.path[i.path.length - 1] ?? 'row')}: ${i.message}`).join('; ') };
  };
}

function headerError(detail: string, column: string): AppError {
  return new AppError('CSV_HEADER_INVALID', `header row: ${detail}`, { column });
}
