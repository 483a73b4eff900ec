/** What a mongoose cursor gives: the next row, or null at the end. */
interface RowCursor<T> {
  next(): Promise<T | null>;
  close(): Promise<unknown>;
}

/**
 * A cursor read in step with another walk in the same order: `through(b)` returns every row
 * whose key is at most `b` (the rows of the page the walk just read), keeping the first row
 * past it for the next call. One query over the whole set instead of one per page, which on a
 * store that answers `$in` and `limit` by reading the whole set costs the set once, not once a page.
 */
export function alignedCursor<T>(cursor: RowCursor<T>, keyOf: (row: T) => string) {
  let pending: Promise<T | null> | undefined;
  return {
    async through(boundary: string): Promise<T[]> {
      const rows: T[] = [];
      for (;;) {
        pending ??= cursor.next();
        const row = await pending;
        if (!row || keyOf(row) > boundary) return rows;
        pending = undefined;
        rows.push(row);
      }
    },
    close: () => cursor.close(),
  };
}
